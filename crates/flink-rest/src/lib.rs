//! flink-rest (work in progress).
