//! Typed filters, ordering and pagination, rendered to SQL with bound parameters only.
//!
//! The generated code declares one [`Col`] constant per column (`user::NAME`), typed by the model
//! struct, the column's Rust type and whether it is nullable. A predicate only accepts the
//! column's type, `is_null` exists only on nullable columns and `like` only on text columns; the
//! resulting [`Cond`] is tied to the table, so a condition on `posts` cannot filter `users`.
//! Column names and operators are `&'static str` written by the generator; values are always
//! parameters, never SQL text.

use std::marker::PhantomData;

use crate::Table;

/// Marker: a `NOT NULL` column.
#[derive(Debug, Clone, Copy)]
pub struct NotNull;
/// Marker: a nullable column (has `is_null`).
#[derive(Debug, Clone, Copy)]
pub struct Nullable;

/// A value that can be bound as the driver's parameter `P`.
pub trait IntoParam<P> {
    fn into_param(self) -> P;
}

/// How a list of values is bound for `IN`: one parameter per element (SQLite) or one array
/// parameter (PostgreSQL's `= ANY($1)`).
pub enum ListParam<P> {
    Each(Vec<P>),
    Array(P),
}

/// A value type whose lists can be bound as the driver's parameter `P`.
pub trait IntoList<P>: Sized {
    fn into_list(values: Vec<Self>) -> ListParam<P>;
}

/// A column of table `E` whose values are `T` (`N`: [`NotNull`] or [`Nullable`]).
pub struct Col<E, T, N = NotNull> {
    /// The column's quoted name (`"name"`).
    pub name: &'static str,
    /// The column qualified by its table (`"users"."name"`).
    pub qualified: &'static str,
    _p: Marker<E, T, N>,
}

type Marker<E, T, N> = PhantomData<fn() -> (E, T, N)>;

impl<E, T, N> Clone for Col<E, T, N> {
    fn clone(&self) -> Self {
        *self
    }
}
impl<E, T, N> Copy for Col<E, T, N> {}

impl<E, T, N> std::fmt::Debug for Col<E, T, N> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.qualified)
    }
}

impl<E: Table, T, N> Col<E, T, N> {
    /// For the generated code.
    pub const fn new(name: &'static str, qualified: &'static str) -> Self {
        Col { name, qualified, _p: PhantomData }
    }
    fn cmp(self, op: &'static str, v: impl Into<T>) -> Cond<E>
    where
        T: IntoParam<E::Param>,
    {
        Cond::node(Node::Cmp(self.qualified, op, v.into().into_param()))
    }
    /// `col = v`
    pub fn eq(self, v: impl Into<T>) -> Cond<E>
    where
        T: IntoParam<E::Param>,
    {
        self.cmp("=", v)
    }
    /// `col <> v`
    pub fn ne(self, v: impl Into<T>) -> Cond<E>
    where
        T: IntoParam<E::Param>,
    {
        self.cmp("<>", v)
    }
    /// `col < v`
    pub fn lt(self, v: impl Into<T>) -> Cond<E>
    where
        T: IntoParam<E::Param>,
    {
        self.cmp("<", v)
    }
    /// `col <= v`
    pub fn le(self, v: impl Into<T>) -> Cond<E>
    where
        T: IntoParam<E::Param>,
    {
        self.cmp("<=", v)
    }
    /// `col > v`
    pub fn gt(self, v: impl Into<T>) -> Cond<E>
    where
        T: IntoParam<E::Param>,
    {
        self.cmp(">", v)
    }
    /// `col >= v`
    pub fn ge(self, v: impl Into<T>) -> Cond<E>
    where
        T: IntoParam<E::Param>,
    {
        self.cmp(">=", v)
    }
    /// `col IN (…)`; an empty list matches no row.
    pub fn is_in<I>(self, values: I) -> Cond<E>
    where
        I: IntoIterator,
        I::Item: Into<T>,
        T: IntoList<E::Param>,
    {
        let values: Vec<T> = values.into_iter().map(Into::into).collect();
        if values.is_empty() {
            return Cond::node(Node::False);
        }
        Cond::node(Node::In(self.qualified, T::into_list(values)))
    }
    /// Ascending order by this column.
    pub fn asc(self) -> Order<E> {
        Order { col: self.qualified, desc: false, _p: PhantomData }
    }
    /// Descending order by this column.
    pub fn desc(self) -> Order<E> {
        Order { col: self.qualified, desc: true, _p: PhantomData }
    }
}

impl<E: Table, T> Col<E, T, Nullable> {
    /// `col IS NULL`
    pub fn is_null(self) -> Cond<E> {
        Cond::node(Node::Null(self.qualified, true))
    }
    /// `col IS NOT NULL`
    pub fn is_not_null(self) -> Cond<E> {
        Cond::node(Node::Null(self.qualified, false))
    }
}

impl<E: Table, N> Col<E, String, N> {
    /// `col LIKE pattern` (the pattern is a parameter; `%` and `_` are its wildcards).
    pub fn like(self, pattern: impl Into<String>) -> Cond<E>
    where
        String: IntoParam<E::Param>,
    {
        Cond::node(Node::Cmp(self.qualified, "LIKE", pattern.into().into_param()))
    }
}

pub(crate) enum Node<P> {
    Cmp(&'static str, &'static str, P),
    In(&'static str, ListParam<P>),
    Null(&'static str, bool),
    And(Vec<Node<P>>),
    Or(Vec<Node<P>>),
    Not(Box<Node<P>>),
    False,
}

/// A condition on table `E`'s rows.
pub struct Cond<E: Table> {
    node: Node<E::Param>,
}

impl<E: Table> Cond<E> {
    fn node(node: Node<E::Param>) -> Self {
        Cond { node }
    }
    /// Both conditions.
    pub fn and(self, other: Cond<E>) -> Cond<E> {
        match self.node {
            Node::And(mut v) => {
                v.push(other.node);
                Cond::node(Node::And(v))
            }
            n => Cond::node(Node::And(vec![n, other.node])),
        }
    }
    /// Either condition.
    pub fn or(self, other: Cond<E>) -> Cond<E> {
        match self.node {
            Node::Or(mut v) => {
                v.push(other.node);
                Cond::node(Node::Or(v))
            }
            n => Cond::node(Node::Or(vec![n, other.node])),
        }
    }
    /// The negation (`NOT (…)`).
    #[allow(clippy::should_implement_trait)]
    pub fn not(self) -> Cond<E> {
        Cond::node(Node::Not(Box::new(self.node)))
    }
    /// All of the conditions (true when there are none).
    pub fn all(conds: impl IntoIterator<Item = Cond<E>>) -> Option<Cond<E>> {
        conds.into_iter().reduce(Cond::and)
    }
}

/// An ordering term.
pub struct Order<E> {
    col: &'static str,
    desc: bool,
    _p: PhantomData<fn() -> E>,
}

/// A query spec on table `E`: filter, order, limit, offset, keyset cursor, soft-deleted rows.
/// Run it with the driver module's functions (`sqlweave::sqlite::Db::all` …) or the generated
/// shortcuts (`User::query().filter(…).all(&db)`).
pub struct Select<E: Table> {
    cond: Option<Node<E::Param>>,
    order: Vec<(&'static str, bool)>,
    /// Bound parameters too, so that pages of one query share one prepared statement.
    limit: Option<E::Param>,
    offset: Option<E::Param>,
    with_deleted: bool,
}

impl<E: Table> Default for Select<E> {
    fn default() -> Self {
        Select { cond: None, order: Vec::new(), limit: None, offset: None, with_deleted: false }
    }
}

/// Placeholder style of a driver.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Placeholders {
    /// `?1`, `?2` … (SQLite)
    Question,
    /// `$1`, `$2` … (PostgreSQL)
    Dollar,
}

/// SQL text and the parameters it binds, in placeholder order.
pub struct Rendered<'a, P> {
    pub sql: String,
    pub params: Vec<&'a P>,
}

impl<E: Table> Select<E> {
    /// Every row (except soft-deleted ones).
    pub fn new() -> Self {
        Self::default()
    }
    /// Adds a condition (and-ed with any earlier one).
    pub fn filter(mut self, cond: Cond<E>) -> Self {
        self.cond = Some(match self.cond.take() {
            None => cond.node,
            Some(prev) => Cond::<E>::node(prev).and(cond).node,
        });
        self
    }
    /// Adds an ordering term (after any earlier one).
    pub fn order_by(mut self, order: Order<E>) -> Self {
        self.order.push((order.col, order.desc));
        self
    }
    /// At most `n` rows.
    pub fn limit(mut self, n: i64) -> Self
    where
        i64: IntoParam<E::Param>,
    {
        self.limit = Some(n.into_param());
        self
    }
    /// Skips the first `n` rows.
    pub fn offset(mut self, n: i64) -> Self
    where
        i64: IntoParam<E::Param>,
    {
        self.offset = Some(n.into_param());
        self
    }
    /// Keyset pagination: orders by `col` (ascending) and, given the last value of the previous
    /// page, starts after it. `col` should be unique (a key) for pages not to skip rows.
    pub fn after<T, N>(self, col: Col<E, T, N>, last: Option<T>) -> Self
    where
        T: IntoParam<E::Param>,
    {
        let s = self.order_by(col.asc());
        match last {
            Some(v) => s.filter(col.gt(v)),
            None => s,
        }
    }
    /// Keyset pagination backwards: orders by `col` descending, starting before `last`.
    pub fn before<T, N>(self, col: Col<E, T, N>, last: Option<T>) -> Self
    where
        T: IntoParam<E::Param>,
    {
        let s = self.order_by(col.desc());
        match last {
            Some(v) => s.filter(col.lt(v)),
            None => s,
        }
    }
    /// Includes soft-deleted rows.
    pub fn with_deleted(mut self) -> Self {
        self.with_deleted = true;
        self
    }
    /// Only soft-deleted rows.
    pub fn only_deleted(mut self) -> Self {
        self.with_deleted = true;
        if let Some(col) = E::SOFT_DELETE {
            let n = Node::Null(col, false);
            self.cond = Some(match self.cond.take() {
                None => n,
                Some(prev) => Node::And(vec![prev, n]),
            });
        }
        self
    }

    /// Renders `SELECT <what> FROM <from> WHERE <extra> AND <filter> [ORDER BY …] [LIMIT …]`.
    /// `extra` is SQL the generator or the loader wrote (never user input), with `extra_params`
    /// placeholders numbered first; the filter's placeholders follow. For the driver modules.
    pub fn render<'a>(&'a self, what: &str, from: &str, extra: Option<&str>, extra_params: usize, style: Placeholders) -> Rendered<'a, E::Param> {
        let mut sql = format!("SELECT {what} FROM {from}");
        let mut params = Vec::new();
        self.render_where(&mut sql, &mut params, extra, extra_params, style);
        let mut n = extra_params + params.len();
        if !self.order.is_empty() {
            sql.push_str(" ORDER BY ");
            for (i, (col, desc)) in self.order.iter().enumerate() {
                if i > 0 {
                    sql.push_str(", ");
                }
                sql.push_str(col);
                if *desc {
                    sql.push_str(" DESC");
                }
            }
        }
        if let Some(l) = &self.limit {
            sql.push_str(" LIMIT ");
            placeholder(&mut sql, &mut n, style);
            params.push(l);
        }
        if let Some(o) = &self.offset {
            if self.limit.is_none() && style == Placeholders::Question {
                // SQLite has no OFFSET without LIMIT; -1 is "no limit".
                sql.push_str(" LIMIT -1");
            }
            sql.push_str(" OFFSET ");
            placeholder(&mut sql, &mut n, style);
            params.push(o);
        }
        Rendered { sql, params }
    }

    /// Renders the `WHERE` clause alone (for `DELETE`/`UPDATE … WHERE` and counts).
    pub fn render_where<'a>(&'a self, sql: &mut String, params: &mut Vec<&'a E::Param>, extra: Option<&str>, extra_params: usize, style: Placeholders) {
        let mut terms = 0;
        let mut n = extra_params;
        let mut term = |sql: &mut String| {
            sql.push_str(if terms == 0 { " WHERE " } else { " AND " });
            terms += 1;
        };
        if let Some(e) = extra {
            term(sql);
            sql.push_str(e);
        }
        if let (Some(col), false) = (E::SOFT_DELETE, self.with_deleted) {
            term(sql);
            sql.push_str(col);
            sql.push_str(" IS NULL");
        }
        if let Some(c) = &self.cond {
            term(sql);
            render_node(c, sql, params, &mut n, style);
        }
    }

    /// Whether the spec has a filter (soft-delete exclusion aside).
    pub fn has_filter(&self) -> bool {
        self.cond.is_some()
    }
}

fn placeholder(sql: &mut String, n: &mut usize, style: Placeholders) {
    *n += 1;
    sql.push(if style == Placeholders::Question { '?' } else { '$' });
    sql.push_str(&n.to_string());
}

fn render_node<'a, P>(node: &'a Node<P>, sql: &mut String, params: &mut Vec<&'a P>, n: &mut usize, style: Placeholders) {
    match node {
        Node::Cmp(col, op, v) => {
            sql.push_str(col);
            sql.push(' ');
            sql.push_str(op);
            sql.push(' ');
            placeholder(sql, n, style);
            params.push(v);
        }
        Node::In(col, ListParam::Each(vs)) => {
            sql.push_str(col);
            sql.push_str(" IN (");
            for (i, v) in vs.iter().enumerate() {
                if i > 0 {
                    sql.push_str(", ");
                }
                placeholder(sql, n, style);
                params.push(v);
            }
            sql.push(')');
        }
        Node::In(col, ListParam::Array(v)) => {
            sql.push_str(col);
            sql.push_str(" = ANY(");
            placeholder(sql, n, style);
            params.push(v);
            sql.push(')');
        }
        Node::Null(col, is) => {
            sql.push_str(col);
            sql.push_str(if *is { " IS NULL" } else { " IS NOT NULL" });
        }
        Node::And(v) | Node::Or(v) => {
            let sep = if matches!(node, Node::And(_)) { " AND " } else { " OR " };
            sql.push('(');
            for (i, c) in v.iter().enumerate() {
                if i > 0 {
                    sql.push_str(sep);
                }
                render_node(c, sql, params, n, style);
            }
            sql.push(')');
        }
        Node::Not(c) => {
            sql.push_str("NOT (");
            render_node(c, sql, params, n, style);
            sql.push(')');
        }
        Node::False => sql.push_str("1 = 0"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A table whose parameters are plain `i64`s, to see the rendering alone.
    struct T;
    impl Table for T {
        const TABLE: &'static str = "\"t\"";
        const COLUMNS: &'static str = "\"t\".\"a\", \"t\".\"b\"";
        const SOFT_DELETE: Option<&'static str> = Some("\"t\".\"gone\"");
        type Param = i64;
    }
    impl IntoParam<i64> for i64 {
        fn into_param(self) -> i64 {
            self
        }
    }
    impl IntoList<i64> for i64 {
        fn into_list(values: Vec<i64>) -> ListParam<i64> {
            ListParam::Each(values)
        }
    }
    const A: Col<T, i64> = Col::new("\"a\"", "\"t\".\"a\"");
    const B: Col<T, i64, Nullable> = Col::new("\"b\"", "\"t\".\"b\"");

    fn render(s: &Select<T>, style: Placeholders) -> (String, Vec<i64>) {
        let r = s.render(T::COLUMNS, T::TABLE, None, 0, style);
        (r.sql, r.params.into_iter().copied().collect())
    }

    #[test]
    fn conditions_render_with_parameters_only() {
        let s = Select::<T>::new().filter(A.eq(1).and(A.ne(2)).or(B.is_null().not())).filter(A.is_in([5, 6])).order_by(A.desc()).limit(3).offset(4);
        let (sql, params) = render(&s, Placeholders::Question);
        assert_eq!(
            sql,
            "SELECT \"t\".\"a\", \"t\".\"b\" FROM \"t\" WHERE \"t\".\"gone\" IS NULL AND (((\"t\".\"a\" = ?1 AND \"t\".\"a\" <> ?2) OR NOT (\"t\".\"b\" IS NULL)) AND \"t\".\"a\" IN (?3, ?4)) ORDER BY \"t\".\"a\" DESC LIMIT ?5 OFFSET ?6"
        );
        assert_eq!(params, [1, 2, 5, 6, 3, 4]);
        let (sql, _) = render(&Select::<T>::new().with_deleted().filter(A.is_in(Vec::<i64>::new())).offset(2), Placeholders::Dollar);
        assert_eq!(sql, "SELECT \"t\".\"a\", \"t\".\"b\" FROM \"t\" WHERE 1 = 0 OFFSET $1");
        let (sql, params) = render(&Select::<T>::new().filter(A.eq(8)).offset(2), Placeholders::Question);
        assert!(sql.ends_with("\"t\".\"a\" = ?1 LIMIT -1 OFFSET ?2"), "{sql}");
        assert_eq!(params, [8, 2]);
        let (sql, params) = render(&Select::<T>::new().only_deleted().after(A, Some(9)), Placeholders::Dollar);
        assert_eq!(sql, "SELECT \"t\".\"a\", \"t\".\"b\" FROM \"t\" WHERE (\"t\".\"gone\" IS NOT NULL AND \"t\".\"a\" > $1) ORDER BY \"t\".\"a\"");
        assert_eq!(params, [9]);
    }

    #[test]
    fn extra_conditions_number_first() {
        let s = Select::<T>::new().filter(B.lt(7));
        let r = s.render("x", "\"t\"", Some("\"t\".\"a\" = ANY($1)"), 1, Placeholders::Dollar);
        assert_eq!(r.sql, "SELECT x FROM \"t\" WHERE \"t\".\"a\" = ANY($1) AND \"t\".\"gone\" IS NULL AND \"t\".\"b\" < $2");
    }

    #[test]
    fn distribute_gives_each_child_to_its_parents() {
        let mut parents = vec![(Some(1), vec![]), (Some(2), vec![]), (Some(1), vec![]), (None, vec![])];
        crate::distribute(&mut parents, |p: &(Option<i32>, Vec<&str>)| p.0, [(Some(1), "a"), (Some(3), "x"), (None, "y"), (Some(2), "b")], |p, c| p.1.push(c));
        let got: Vec<Vec<&str>> = parents.into_iter().map(|p| p.1).collect();
        assert_eq!(got, [vec!["a"], vec!["b"], vec!["a"], vec![]]);
        assert_eq!(crate::distinct_keys([Some(3), None, Some(1), Some(3)]), [3, 1]);
    }
}
