//! One authenticated JSON request at a time: bearer token, bounded 429 retries, and mapping of
//! error statuses to errors that say what is missing and how to fix it.

use std::sync::Arc;
use std::time::{Duration, Instant};

use reqwest::header::{AUTHORIZATION, CONTENT_LENGTH, HeaderValue, RETRY_AFTER};
use reqwest::{Method, StatusCode};
use secrecy::ExposeSecret;
use serde::de::DeserializeOwned;
use serde_json::Value;
use url::Url;

use crate::error::{Error, Result, chain};
use crate::plan::{Event, RetryPolicy, RetryReason};
use crate::token::TokenSource;

/// Receives progress events.
pub type Observer = Arc<dyn Fn(&Event) + Send + Sync>;

/// The HTTP side shared by the GCP and Azure clients.
#[derive(Clone)]
pub(crate) struct Http {
    client: reqwest::Client,
    token: Arc<dyn TokenSource>,
    pub(crate) retry: RetryPolicy,
    observer: Option<Observer>,
}

impl Http {
    pub(crate) fn new(token: Arc<dyn TokenSource>) -> Result<Self> {
        let client = reqwest::Client::builder()
            .connect_timeout(Duration::from_secs(10))
            .timeout(Duration::from_secs(60))
            .build()
            .map_err(|err| Error::Unreachable {
                url: "(HTTP client)".into(),
                reason: chain(&err),
            })?;
        Ok(Http {
            client,
            token,
            retry: RetryPolicy::default(),
            observer: None,
        })
    }

    pub(crate) fn set_observer(&mut self, observer: Observer) {
        self.observer = Some(observer);
    }

    pub(crate) fn token_source(&self) -> &dyn TokenSource {
        self.token.as_ref()
    }

    pub(crate) fn emit(&self, event: Event) {
        if let Some(observer) = &self.observer {
            observer(&event);
        }
    }

    /// Sends one request; retries HTTP 429 within the retry policy. A 429 means the server did
    /// not act on the request, so retrying is safe even for a POST. Any other status is
    /// returned for the caller to interpret.
    pub(crate) async fn send(
        &self,
        method: Method,
        url: &Url,
        body: Option<&Value>,
    ) -> Result<Reply> {
        let started = Instant::now();
        let mut attempt = 1;
        loop {
            let token = self.token.token().await?;
            let mut bearer = HeaderValue::from_str(&format!("Bearer {}", token.expose_secret()))
                .map_err(|_| Error::NoCredentials {
                    cloud: "cloud",
                    attempts: vec![format!(
                        "{} returned a token that is not a valid header value",
                        self.token.describe()
                    )],
                })?;
            bearer.set_sensitive(true);
            let mut request = self
                .client
                .request(method.clone(), url.clone())
                .header(AUTHORIZATION, bearer);
            request = match body {
                Some(body) => request.json(body),
                None if method == Method::POST => request.header(CONTENT_LENGTH, 0),
                None => request,
            };
            let response = request.send().await.map_err(|err| Error::Unreachable {
                url: url.to_string(),
                reason: chain(&err.without_url()),
            })?;
            let status = response.status();
            let retry_after = response
                .headers()
                .get(RETRY_AFTER)
                .and_then(|v| v.to_str().ok())
                .and_then(|v| v.trim().parse::<u64>().ok())
                .map(Duration::from_secs);
            let text = response.text().await.map_err(|err| Error::Unreachable {
                url: url.to_string(),
                reason: chain(&err.without_url()),
            })?;
            let reply = Reply {
                method: method.clone(),
                url: url.clone(),
                status,
                body: text,
            };
            if status != StatusCode::TOO_MANY_REQUESTS {
                return Ok(reply);
            }
            let delay = retry_after
                .unwrap_or_else(|| self.retry.delay(attempt))
                .min(self.retry.max_delay);
            if attempt >= self.retry.max_attempts
                || started.elapsed() + delay > self.retry.max_elapsed
            {
                return Err(Error::Throttled {
                    method: method.to_string(),
                    url: url.to_string(),
                    attempts: attempt,
                    elapsed: started.elapsed(),
                    message: reply.message(),
                });
            }
            self.emit(Event::Retrying {
                resource: format!("{method} {}", url.path()),
                reason: RetryReason::Throttled,
                attempt,
                delay,
            });
            tokio::time::sleep(delay).await;
            attempt += 1;
        }
    }
}

/// What to say when a request fails: the resource, the permission it needs, and for a
/// not-found, what to create and how.
pub(crate) struct Context<'a> {
    pub(crate) resource: &'a str,
    pub(crate) permission: &'a str,
    pub(crate) missing: &'a str,
    pub(crate) create_with: &'a str,
}

/// A response with its request, for error messages.
#[derive(Debug)]
pub(crate) struct Reply {
    pub(crate) method: Method,
    pub(crate) url: Url,
    pub(crate) status: StatusCode,
    pub(crate) body: String,
}

impl Reply {
    pub(crate) fn is_success(&self) -> bool {
        self.status.is_success()
    }

    /// Decodes a success body.
    pub(crate) fn json<T: DeserializeOwned>(&self) -> Result<T> {
        serde_json::from_str(&self.body).map_err(|err| Error::Decode {
            url: self.url.to_string(),
            reason: err.to_string(),
        })
    }

    /// The server's error message: `error.message` in both Google and ARM error bodies, else
    /// the body itself (shortened).
    pub(crate) fn message(&self) -> String {
        let parsed: Option<Value> = serde_json::from_str(&self.body).ok();
        if let Some(message) = parsed
            .as_ref()
            .and_then(|v| v.pointer("/error/message"))
            .and_then(Value::as_str)
        {
            return message.to_owned();
        }
        let text = self.body.trim();
        if text.is_empty() {
            self.status
                .canonical_reason()
                .unwrap_or("no message")
                .to_owned()
        } else {
            text.chars().take(500).collect()
        }
    }

    /// The server's error code: Google's `error.status` or ARM's `error.code`.
    pub(crate) fn code(&self) -> Option<String> {
        let parsed: Value = serde_json::from_str(&self.body).ok()?;
        parsed
            .pointer("/error/status")
            .or_else(|| parsed.pointer("/error/code"))
            .and_then(Value::as_str)
            .map(str::to_owned)
    }

    /// Maps a failed response to the error that explains it.
    pub(crate) fn into_error(self, context: &Context<'_>) -> Error {
        let status = self.status.as_u16();
        let message = self.message();
        match self.status {
            StatusCode::UNAUTHORIZED => Error::Unauthenticated {
                method: self.method.to_string(),
                url: self.url.to_string(),
                status,
                message,
            },
            StatusCode::FORBIDDEN => Error::PermissionDenied {
                resource: context.resource.to_owned(),
                permission: context.permission.to_owned(),
                status,
                message,
            },
            StatusCode::NOT_FOUND => Error::NotFound {
                what: context.missing.to_owned(),
                how: context.create_with.to_owned(),
                status,
                message,
            },
            _ => Error::Api {
                method: self.method.to_string(),
                url: self.url.to_string(),
                status,
                code: self.code(),
                message,
            },
        }
    }
}

/// Parses `base` joined with an already-encoded `path` (leading `/`).
pub(crate) fn endpoint(base: &Url, path: &str) -> Result<Url> {
    let text = format!("{}{}", base.as_str().trim_end_matches('/'), path);
    Url::parse(&text).map_err(|err| Error::InvalidTarget {
        field: "endpoint",
        value: text,
        reason: err.to_string(),
    })
}
