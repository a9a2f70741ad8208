//! GCP tokens from Application Default Credentials, through the official `google-cloud-auth`.

use google_cloud_auth::credentials::{AccessTokenCredentials, Builder};
use secrecy::SecretString;

use crate::error::{Error, Result};
use crate::token::{TokenFuture, TokenSource};

/// The OAuth scope of every Google Cloud API.
pub const CLOUD_PLATFORM_SCOPE: &str = "https://www.googleapis.com/auth/cloud-platform";

/// Tokens from Application Default Credentials: `GOOGLE_APPLICATION_CREDENTIALS`, then
/// `~/.config/gcloud/application_default_credentials.json` (`gcloud auth application-default
/// login`), then the metadata server. Service-account keys, user credentials, external
/// accounts (workload identity federation) and impersonation all work; the crate caches and
/// refreshes tokens.
pub struct GoogleAdc {
    credentials: AccessTokenCredentials,
    label: String,
}

impl std::fmt::Debug for GoogleAdc {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("GoogleAdc")
            .field("label", &self.label)
            .finish_non_exhaustive()
    }
}

impl GoogleAdc {
    /// Finds Application Default Credentials. No token is fetched yet.
    ///
    /// # Errors
    ///
    /// [`Error::NoCredentials`] when the ADC file is unreadable or malformed.
    pub fn new() -> Result<Self> {
        let credentials = Builder::default()
            .with_scopes([CLOUD_PLATFORM_SCOPE])
            .build_access_token_credentials()
            .map_err(|err| Error::NoCredentials {
                cloud: "GCP",
                attempts: vec![format!(
                    "Application Default Credentials: {err} (run `gcloud auth application-default login` or set GOOGLE_APPLICATION_CREDENTIALS)"
                )],
            })?;
        let label = match std::env::var_os("GOOGLE_APPLICATION_CREDENTIALS") {
            Some(path) => format!(
                "Application Default Credentials from {}",
                std::path::Path::new(&path).display()
            ),
            None => "Application Default Credentials".to_owned(),
        };
        Ok(GoogleAdc { credentials, label })
    }
}

impl TokenSource for GoogleAdc {
    fn token(&self) -> TokenFuture<'_> {
        Box::pin(async move {
            let token =
                self.credentials
                    .access_token()
                    .await
                    .map_err(|err| Error::NoCredentials {
                        cloud: "GCP",
                        attempts: vec![format!("{}: {err}", self.label)],
                    })?;
            Ok(SecretString::from(token.token))
        })
    }

    fn describe(&self) -> String {
        self.label.clone()
    }
}
