-- Queries over the Pagila schema (../shared/schemas/pagila), written for sqlweave's tests.

-- name: GetFilm :one
SELECT film_id, title, description, release_year, rating, rental_rate, length, special_features
FROM film
WHERE film_id = $1;

-- name: FilmsByRating :many
SELECT film_id, title, rating
FROM film
WHERE rating = ANY(@ratings::mpaa_rating[])
ORDER BY title
LIMIT sqlc.arg(max_rows);

-- name: FilmsWithFeature :many
SELECT film_id, title
FROM film
WHERE @feature::text = ANY(special_features)
ORDER BY film_id;

-- name: ActorsOfFilm :many
SELECT a.actor_id, a.first_name || ' ' || a.last_name AS full_name
FROM actor a
JOIN film_actor fa ON fa.actor_id = a.actor_id
WHERE fa.film_id = $1
ORDER BY a.last_name, a.first_name;

-- name: FilmsPerCategory :many
SELECT c.name AS category, count(fc.film_id) AS films, avg(f.rental_rate) AS avg_rate, max(f.length) AS longest
FROM category c
LEFT JOIN film_category fc ON fc.category_id = c.category_id
LEFT JOIN film f ON f.film_id = fc.film_id
GROUP BY c.name
ORDER BY c.name;

-- name: CustomerRentals :many
SELECT r.rental_id, r.rental_date, r.return_date, f.title, p.amount
FROM rental r
JOIN inventory i ON i.inventory_id = r.inventory_id
JOIN film f ON f.film_id = i.film_id
LEFT JOIN payment p ON p.rental_id = r.rental_id
WHERE r.customer_id = $1
ORDER BY r.rental_date DESC;

-- name: OpenRentals :one
SELECT count(*) AS open_rentals, min(rental_date) AS oldest
FROM rental
WHERE return_date IS NULL AND staff_id = $1;

-- name: CustomerSpend :one
SELECT c.customer_id, c.first_name, c.email, coalesce(sum(p.amount), 0) AS total
FROM customer c
LEFT JOIN payment p ON p.customer_id = c.customer_id
WHERE c.customer_id = $1
GROUP BY c.customer_id, c.first_name, c.email;

-- name: CreateActor :one
INSERT INTO actor (first_name, last_name)
VALUES ($1, $2)
RETURNING actor_id, first_name, last_name, last_update;

-- name: RenameActor :execrows
UPDATE actor SET first_name = $2, last_update = now() WHERE actor_id = $1;

-- name: DeleteActor :exec
DELETE FROM actor WHERE actor_id = $1;

-- name: CityAndCountry :one
SELECT ci.city, co.country, a.postal_code
FROM address a
JOIN city ci ON ci.city_id = a.city_id
JOIN country co ON co.country_id = ci.country_id
WHERE a.address_id = $1;

-- name: StaffOfStore :many
SELECT s.staff_id, s.username, s.email, s.active, s.picture
FROM staff s
WHERE s.store_id = $1 AND (sqlc.narg(active)::bool IS NULL OR s.active = sqlc.narg(active));

-- name: FilmListByCategory :many
SELECT fid, title, price, actors
FROM film_list
WHERE category = $1;

-- name: PaymentsBetween :many
SELECT payment_id, customer_id, amount, payment_date
FROM payment
WHERE payment_date BETWEEN $1 AND $2
ORDER BY payment_date;

-- name: InStock :many
SELECT inventory_id FROM inventory
WHERE film_id = $1 AND store_id = $2 AND inventory_in_stock(inventory_id);
