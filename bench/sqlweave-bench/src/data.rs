//! The data every contender loads, and the expected results the workloads check against.
//! Shared by the SQLite and PostgreSQL suites.

use std::fmt::Write;

pub const TRIVIAL_SIZES: &[usize] = &[1, 10, 100, 1000, 10000];
pub const MEDIUM_SIZES: &[usize] = &[1, 10, 100, 1000, 10000];
pub const INSERT_SIZES: &[usize] = &[1, 10, 25, 50, 100];
pub const SQLITE_ASSOC_USERS: usize = 9;
pub const PG_ASSOC_USERS: usize = 100;
pub const POSTS_PER_USER: usize = 10;
pub const COMMENTS_PER_POST: usize = 10;
/// Rows in the table the single-row workloads read and update.
pub const SINGLE_ROWS: usize = 1000;

/// User `i` (0-based, id `i + 1`): name.
pub fn user_name(i: usize) -> String {
    format!("User {i}")
}

/// User `i`'s hair colour: even users are black, `i % 4 == 1` brown, `i % 4 == 3` NULL.
pub fn hair_color(i: usize) -> Option<&'static str> {
    match i % 4 {
        0 | 2 => Some("black"),
        1 => Some("brown"),
        _ => None,
    }
}

/// In the join workload, user `i` has one post when `i % 4 == 0`, so half of the black users have
/// none and come back with NULL post columns.
pub fn has_post(i: usize) -> bool {
    i % 4 == 0
}

fn sql_str(s: Option<&str>) -> String {
    match s {
        Some(s) => format!("'{}'", s.replace('\'', "''")),
        None => "NULL".into(),
    }
}

/// INSERTs of `n` users (ids 1..=n).
pub fn users_script(n: usize) -> String {
    let mut s = String::new();
    for i in 0..n {
        writeln!(
            s,
            "INSERT INTO users (id, name, hair_color) VALUES ({}, '{}', {});",
            i + 1,
            user_name(i),
            sql_str(hair_color(i))
        )
        .unwrap();
    }
    s
}

/// The join workload's data: `n` users and their posts.
pub fn medium_script(n: usize) -> String {
    let mut s = users_script(n);
    let mut post = 0;
    for i in 0..n {
        if has_post(i) {
            post += 1;
            let body = if i % 8 == 0 { Some("a body") } else { None };
            writeln!(
                s,
                "INSERT INTO posts (id, user_id, title, body) VALUES ({post}, {}, 'Post by {}', {});",
                i + 1,
                user_name(i),
                sql_str(body)
            )
            .unwrap();
        }
    }
    s
}

/// The association workload's data: `users` users, 10 posts each, 10 comments per post.
pub fn associations_script(users: usize) -> String {
    let mut s = users_script(users);
    let mut post = 0;
    let mut comment = 0;
    for u in 0..users {
        for p in 0..POSTS_PER_USER {
            post += 1;
            writeln!(
                s,
                "INSERT INTO posts (id, user_id, title, body) VALUES ({post}, {}, 'Post {p} by user {}', NULL);",
                u + 1,
                u + 1
            )
            .unwrap();
            for c in 0..COMMENTS_PER_POST {
                comment += 1;
                writeln!(
                    s,
                    "INSERT INTO comments (id, post_id, text) VALUES ({comment}, {post}, 'Comment {c} on post {post}');"
                )
                .unwrap();
            }
        }
    }
    s
}

/// Expected result of the trivial select over `n` users.
pub struct ExpectUsers {
    pub n: usize,
    pub id_sum: i64,
    pub last_name: String,
    pub last_hair: Option<&'static str>,
}

impl ExpectUsers {
    pub fn new(n: usize) -> Self {
        ExpectUsers {
            n,
            id_sum: (n * (n + 1) / 2) as i64,
            last_name: user_name(n - 1),
            last_hair: hair_color(n - 1),
        }
    }

    /// `rows` yields (id, name, hair_color) in id order.
    pub fn check<'a>(&self, len: usize, rows: impl Iterator<Item = (i64, &'a str, Option<&'a str>)>) {
        assert_eq!(len, self.n, "row count");
        let mut sum = 0;
        let mut last = None;
        for (i, (id, name, hair)) in rows.enumerate() {
            if i == 0 {
                assert_eq!((id, name, hair), (1, "User 0", Some("black")));
            }
            sum += id;
            last = Some((name, hair));
        }
        assert_eq!(sum, self.id_sum, "sum of ids");
        assert_eq!(last, Some((self.last_name.as_str(), self.last_hair)));
    }
}

/// Expected result of the join: black users (even i) and, for `i % 4 == 0`, their post.
pub struct ExpectJoin {
    pub rows: usize,
    pub with_post: usize,
    pub id_sum: i64,
    pub last_name: String,
}

impl ExpectJoin {
    pub fn new(n: usize) -> Self {
        let black: Vec<usize> = (0..n).filter(|&i| hair_color(i) == Some("black")).collect();
        ExpectJoin {
            rows: black.len(),
            with_post: black.iter().filter(|&&i| has_post(i)).count(),
            id_sum: black.iter().map(|&i| i as i64 + 1).sum(),
            last_name: user_name(*black.last().unwrap()),
        }
    }

    /// `rows` yields (user id, user name, post's user_id and title when there is a post) in any order.
    pub fn check<'a>(&self, len: usize, rows: impl Iterator<Item = (i64, &'a str, Option<(i64, &'a str)>)>) {
        assert_eq!(len, self.rows, "row count");
        let mut sum = 0;
        let mut posts = 0;
        let mut saw_last = false;
        for (id, name, post) in rows {
            sum += id;
            if let Some((uid, title)) = post {
                assert_eq!(uid, id);
                assert!(title.ends_with(name), "{title} is not by {name}");
                posts += 1;
            }
            saw_last |= name == self.last_name;
        }
        assert_eq!((sum, posts, saw_last), (self.id_sum, self.with_post, true));
    }
}

/// The rows the insert workloads write: `n` users named `New user i`.
pub fn new_users(n: usize) -> Vec<(String, Option<String>)> {
    (0..n).map(|i| (format!("New user {i}"), hair_color(i).map(str::to_owned))).collect()
}

/// Users with their posts, each with its comments.
pub type Grouped<U, P, C> = Vec<(U, Vec<(P, Vec<C>)>)>;

/// Groups children under parents in Rust, with a hash map from parent id to position (one query
/// per level, then this).
pub fn group<U, P, C>(
    users: Vec<U>,
    posts: Vec<P>,
    comments: Vec<C>,
    uid: fn(&U) -> i64,
    pid: fn(&P) -> i64,
    p_uid: fn(&P) -> i64,
    c_pid: fn(&C) -> i64,
) -> Grouped<U, P, C> {
    use std::collections::HashMap;
    let post_pos: HashMap<i64, usize> = posts.iter().enumerate().map(|(i, p)| (pid(p), i)).collect();
    let mut per_post: Vec<Vec<C>> = posts.iter().map(|_| Vec::new()).collect();
    for c in comments {
        per_post[post_pos[&c_pid(&c)]].push(c);
    }
    let user_pos: HashMap<i64, usize> = users.iter().enumerate().map(|(i, u)| (uid(u), i)).collect();
    let mut per_user: Vec<Vec<(P, Vec<C>)>> = users.iter().map(|_| Vec::new()).collect();
    for (p, cs) in posts.into_iter().zip(per_post) {
        per_user[user_pos[&p_uid(&p)]].push((p, cs));
    }
    users.into_iter().zip(per_user).collect()
}

/// Checks a grouped association result: every user has 10 posts that are theirs, every post 10
/// comments that are its own, and the totals are right.
pub fn check_grouped<U, P, C>(
    users: usize,
    g: &[(U, Vec<(P, Vec<C>)>)],
    uid: impl Fn(&U) -> i64,
    post: impl Fn(&P) -> (i64, i64),
    c_pid: impl Fn(&C) -> i64,
) {
    let mut n_comments = 0;
    let mut uid_sum = 0;
    assert_eq!(g.len(), users);
    for (u, ps) in g {
        let id = uid(u);
        uid_sum += id;
        assert_eq!(ps.len(), POSTS_PER_USER, "posts of user {id}");
        for (p, cs) in ps {
            let (pid, puid) = post(p);
            assert_eq!(puid, id);
            assert_eq!(cs.len(), COMMENTS_PER_POST, "comments of post {pid}");
            for c in cs {
                assert_eq!(c_pid(c), pid);
            }
            n_comments += cs.len();
        }
    }
    assert_eq!(uid_sum, (users * (users + 1) / 2) as i64);
    assert_eq!(n_comments, users * POSTS_PER_USER * COMMENTS_PER_POST);
}
