//! The error of entity operations.

use std::fmt;

/// What an entity operation can fail with.
#[derive(Debug)]
#[non_exhaustive]
pub enum Error {
    /// The SQLite driver's error.
    #[cfg(feature = "sqlite")]
    Sqlite(rusqlite::Error),
    /// The PostgreSQL driver's error.
    #[cfg(feature = "postgres")]
    Postgres(tokio_postgres::Error),
    /// A hook rejected the operation; the transaction around it is rolled back.
    Rejected(Box<dyn std::error::Error + Send + Sync>),
    /// An operation on one row by key (`update`, `patch`) found no row.
    NotFound { table: &'static str },
}

impl Error {
    /// A hook's rejection with a message.
    pub fn rejected(message: impl Into<String>) -> Error {
        Error::Rejected(message.into().into())
    }
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            #[cfg(feature = "sqlite")]
            Error::Sqlite(e) => write!(f, "sqlite: {e}"),
            #[cfg(feature = "postgres")]
            Error::Postgres(e) => write!(f, "postgres: {e}"),
            Error::Rejected(e) => write!(f, "rejected by a hook: {e}"),
            Error::NotFound { table } => write!(f, "no such row in {table}"),
        }
    }
}

impl std::error::Error for Error {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            #[cfg(feature = "sqlite")]
            Error::Sqlite(e) => Some(e),
            #[cfg(feature = "postgres")]
            Error::Postgres(e) => Some(e),
            Error::Rejected(e) => Some(e.as_ref()),
            Error::NotFound { .. } => None,
        }
    }
}

#[cfg(feature = "sqlite")]
impl From<rusqlite::Error> for Error {
    fn from(e: rusqlite::Error) -> Error {
        Error::Sqlite(e)
    }
}

#[cfg(feature = "postgres")]
impl From<tokio_postgres::Error> for Error {
    fn from(e: tokio_postgres::Error) -> Error {
        Error::Postgres(e)
    }
}
