-- Queries over the public Chinook sample database (schema: ../shared/schemas/chinook).

-- name: GetArtist :one
SELECT * FROM Artist WHERE ArtistId = ?;

-- name: AlbumsByArtist :many
-- Albums of one artist, by title.
SELECT AlbumId, Title FROM Album WHERE ArtistId = :artist_id ORDER BY Title;

-- name: ArtistsWithAlbumCount :many
-- Every artist with its album count; artists without albums count 0.
SELECT ar.ArtistId, ar.Name, count(al.AlbumId) AS album_count
FROM Artist ar
LEFT JOIN Album al ON al.ArtistId = ar.ArtistId
GROUP BY ar.ArtistId, ar.Name
ORDER BY album_count DESC, ar.ArtistId
LIMIT ?;

-- name: TracksWithGenre :many
-- Tracks of an album with their (optional) genre and composer.
SELECT t.TrackId, t.Name, g.Name AS genre, t.Composer, t.Milliseconds
FROM Track t
LEFT JOIN Genre g ON g.GenreId = t.GenreId
WHERE t.AlbumId = ?
ORDER BY t.TrackId;

-- name: CustomerTotals :many
SELECT c.CustomerId, c.FirstName || ' ' || c.LastName AS full_name, c.Company,
       sum(i.Total) AS total, count(i.InvoiceId) AS invoices
FROM Customer c
JOIN Invoice i ON i.CustomerId = c.CustomerId
WHERE c.Country = sqlc.arg(country)
GROUP BY c.CustomerId
ORDER BY total DESC;

-- name: TracksByIds :many
SELECT TrackId, Name, UnitPrice FROM Track WHERE TrackId IN (sqlc.slice(ids)) ORDER BY TrackId;

-- name: EmployeeManagers :many
-- Employees with their manager (NULL for the general manager).
SELECT e.EmployeeId, e.FirstName, m.FirstName AS manager_first_name, e.HireDate
FROM Employee e
LEFT JOIN Employee m ON m.EmployeeId = e.ReportsTo
ORDER BY e.EmployeeId;

-- name: InvoiceSummary :one
SELECT count(*) AS invoices, sum(Total) AS revenue, max(InvoiceDate) AS last_invoice, avg(Total) AS average
FROM Invoice WHERE BillingCountry = ?;

-- name: CreatePlaylist :execlastid
INSERT INTO Playlist (Name) VALUES (?);

-- name: AddTrackToPlaylist :exec
INSERT INTO PlaylistTrack (PlaylistId, TrackId) VALUES (?, ?);

-- name: RenamePlaylist :execrows
UPDATE Playlist SET Name = sqlc.narg(name) WHERE PlaylistId = sqlc.arg(id);

-- name: PlaylistTracks :many
WITH pt AS (SELECT TrackId FROM PlaylistTrack WHERE PlaylistId = ?)
SELECT t.TrackId, t.Name FROM pt JOIN Track t ON t.TrackId = pt.TrackId ORDER BY t.TrackId;

-- name: TopGenresByRevenue :many
SELECT g.Name AS genre, round(sum(il.UnitPrice * il.Quantity), 2) AS revenue
FROM InvoiceLine il
JOIN Track t ON t.TrackId = il.TrackId
JOIN Genre g ON g.GenreId = t.GenreId
GROUP BY g.GenreId
ORDER BY revenue DESC
LIMIT 3;

-- name: DeletePlaylist :execrows
DELETE FROM Playlist WHERE PlaylistId = ?;
