//! Credentials sent with every request.

use std::fmt;

use reqwest::header::HeaderValue;
use secrecy::{ExposeSecret, SecretString};

use crate::error::ConfigError;

/// Credentials sent with every request (Flink itself has no authentication, but its REST
/// endpoints are often behind an authenticating proxy or ingress).
///
/// The `Debug` form never shows the secret.
#[derive(Clone)]
#[non_exhaustive]
pub enum Auth {
    /// `Authorization: Bearer <token>`.
    Bearer {
        /// The token.
        token: SecretString,
    },
    /// HTTP basic authentication.
    Basic {
        /// User name (not secret).
        username: String,
        /// Password.
        password: SecretString,
    },
}

impl fmt::Debug for Auth {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Auth::Bearer { .. } => f
                .debug_struct("Bearer")
                .field("token", &"[REDACTED]")
                .finish(),
            Auth::Basic { username, .. } => f
                .debug_struct("Basic")
                .field("username", username)
                .field("password", &"[REDACTED]")
                .finish(),
        }
    }
}

impl Auth {
    /// The `Authorization` header value, marked sensitive.
    pub fn header_value(&self) -> Result<HeaderValue, ConfigError> {
        let text = match self {
            Auth::Bearer { token } => format!("Bearer {}", token.expose_secret()),
            Auth::Basic { username, password } => {
                use base64::Engine as _;
                let raw = format!("{username}:{}", password.expose_secret());
                format!(
                    "Basic {}",
                    base64::engine::general_purpose::STANDARD.encode(raw)
                )
            }
        };
        let mut v = HeaderValue::from_str(&text).map_err(|_| {
            ConfigError::new("credentials", "contain characters not allowed in a header")
        })?;
        v.set_sensitive(true);
        Ok(v)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn header_values_are_sensitive_and_debug_is_redacted() {
        let basic = Auth::Basic {
            username: "flink".into(),
            password: SecretString::from("pa55word"),
        };
        let v = basic.header_value().unwrap();
        assert!(v.is_sensitive());
        // base64("flink:pa55word")
        assert_eq!(v.to_str().unwrap(), "Basic Zmxpbms6cGE1NXdvcmQ=");
        let bearer = Auth::Bearer {
            token: SecretString::from("t0ken"),
        };
        assert_eq!(
            bearer.header_value().unwrap().to_str().unwrap(),
            "Bearer t0ken"
        );
        let dbg = format!("{basic:?} {bearer:?} {basic:#?}");
        assert!(!dbg.contains("pa55word") && !dbg.contains("t0ken"), "{dbg}");
        assert!(dbg.contains("flink") && dbg.contains("REDACTED"), "{dbg}");
    }

    #[test]
    fn invalid_token_is_a_config_error_without_the_secret() {
        let bad = Auth::Bearer {
            token: SecretString::from("s3cr3t\nline"),
        };
        let err = bad.header_value().unwrap_err();
        let text = format!("{err} {err:?}");
        assert!(
            text.contains("credentials") && !text.contains("s3cr3t"),
            "{text}"
        );
    }
}
