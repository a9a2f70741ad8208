//! Newtypes for the identifiers the gateway hands out. A job id is Flink's own
//! [`JobId`](flink_rest_core::JobId), the one the JobManager API takes.

use serde::{Deserialize, Serialize};

macro_rules! id_newtype {
    ($(#[$doc:meta])* $name:ident) => {
        flink_rest_core::id_newtype!(
            $(#[$doc])*
            #[derive(Serialize, Deserialize)]
            #[serde(transparent)]
            pub struct $name
        );

        impl $name {
            /// Wraps an identifier received from the server (or stored earlier).
            pub fn new(id: impl Into<String>) -> Self {
                Self(id.into())
            }
        }

        impl From<String> for $name {
            fn from(s: String) -> Self {
                Self(s)
            }
        }

        impl From<&str> for $name {
            fn from(s: &str) -> Self {
                Self(s.to_owned())
            }
        }
    };
}

id_newtype!(
    /// Identifies a session on the gateway (a UUID).
    SessionHandle
);
id_newtype!(
    /// Identifies an operation (one submitted statement) within a session (a UUID).
    OperationHandle
);
id_newtype!(
    /// The cluster id returned by script deployment (v4).
    ClusterId
);
