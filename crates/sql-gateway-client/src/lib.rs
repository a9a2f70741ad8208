//! sql-gateway-client (work in progress).
