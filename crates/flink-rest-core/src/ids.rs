//! A macro for string identifier newtypes.

/// Defines a string newtype for an identifier: the struct plus `as_str`, `Display` (the bare
/// id), `Debug` (`Name(id)`) and `AsRef<str>`.
///
/// Construction, validation and serde impls are left to the caller, which knows what a valid id
/// is; put derives such as `#[derive(serde::Serialize)] #[serde(transparent)]` in the attributes.
///
/// ```
/// flink_rest_core::id_newtype!(
///     /// A session id.
///     #[derive(serde::Serialize)]
///     #[serde(transparent)]
///     pub struct SessionId
/// );
/// impl SessionId {
///     fn new(id: &str) -> Self { Self(id.to_owned()) }
/// }
/// let id = SessionId::new("abc");
/// assert_eq!(id.as_str(), "abc");
/// assert_eq!(format!("{id} {id:?}"), "abc SessionId(abc)");
/// ```
#[macro_export]
macro_rules! id_newtype {
    ($(#[$attr:meta])* $vis:vis struct $name:ident) => {
        $(#[$attr])*
        #[derive(Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
        $vis struct $name(String);

        impl $name {
            /// The identifier as sent on the wire.
            pub fn as_str(&self) -> &str {
                &self.0
            }
        }

        impl ::std::fmt::Display for $name {
            fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                f.write_str(&self.0)
            }
        }

        impl ::std::fmt::Debug for $name {
            fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                write!(f, "{}({})", stringify!($name), self.0)
            }
        }

        impl ::std::convert::AsRef<str> for $name {
            fn as_ref(&self) -> &str {
                &self.0
            }
        }
    };
}

#[cfg(test)]
mod tests {
    crate::id_newtype!(
        /// Test id.
        pub struct TestId
    );

    #[test]
    fn display_debug_and_as_ref() {
        let id = TestId("x-1".to_owned());
        assert_eq!(id.to_string(), "x-1");
        assert_eq!(format!("{id:?}"), "TestId(x-1)");
        assert_eq!(id.as_ref(), id.as_str());
        assert!(TestId("a".into()) < TestId("b".into()));
    }
}
