//! Audit hooks: every insert, update and delete of a post writes an `audit_log` row through the
//! same `Db`, so inside the same transaction as the mutation (the entity layer runs mutations of
//! an entity with hooks in a transaction, or a savepoint of the caller's). A post whose title is
//! empty is rejected before anything is written.

use sqlweave::sqlite::{Change, Db, Hooks};

use crate::db::{AuditEntry, NewAuditEntry, NewPost, Post};

/// The hooks of `posts`. `Db::set_hooks::<Post>(PostAudit)` turns them on.
pub struct PostAudit;

fn log(db: &Db<'_>, action: &str, key: i64) -> sqlweave::Result<()> {
    AuditEntry::insert(db, NewAuditEntry { table_name: "posts".into(), action: action.into(), row_key: key.to_string() })?;
    Ok(())
}

impl Hooks<Post> for PostAudit {
    fn before_insert(&self, _db: &Db<'_>, new: &mut NewPost) -> sqlweave::Result<()> {
        if new.title.trim().is_empty() {
            return Err(sqlweave::Error::rejected("a post needs a title"));
        }
        new.title = new.title.trim().to_string();
        Ok(())
    }
    fn after_insert(&self, db: &Db<'_>, row: &Post) -> sqlweave::Result<()> {
        log(db, "insert", row.id)
    }
    fn before_update(&self, _db: &Db<'_>, _key: &i64, change: Change<'_, Post>) -> sqlweave::Result<()> {
        let title = match &change {
            Change::Row(p) => Some(p.title.as_str()),
            Change::Patch(p) => p.title.as_deref(),
        };
        if title.is_some_and(|t| t.trim().is_empty()) {
            return Err(sqlweave::Error::rejected("a post needs a title"));
        }
        Ok(())
    }
    fn after_update(&self, db: &Db<'_>, row: &Post) -> sqlweave::Result<()> {
        log(db, "update", row.id)
    }
    fn after_delete(&self, db: &Db<'_>, key: &i64) -> sqlweave::Result<()> {
        log(db, "delete", *key)
    }
}
