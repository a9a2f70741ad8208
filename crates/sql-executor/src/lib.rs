//! sql-executor (work in progress).
