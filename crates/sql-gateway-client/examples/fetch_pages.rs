//! The floor of result fetching, for `cargo xtask bench`: a tight loop that follows
//! `nextResultUri` and reads each page's body without decoding any row.
//!
//! `fetch_pages GATEWAY_URL QUERY [SETUP_STATEMENT...]` runs the setup statements, then the
//! query, in one session, and prints how many pages with rows it fetched.
#![allow(clippy::print_stdout, clippy::print_stderr)]

use std::time::{Duration, Instant};

use serde::Deserialize;
use serde_json::value::RawValue;

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct Head<'a> {
    result_type: &'a str,
    #[serde(default)]
    next_result_uri: Option<String>,
    #[serde(default, borrow)]
    results: Option<Results<'a>>,
}

#[derive(Deserialize)]
struct Results<'a> {
    #[serde(default, borrow)]
    data: Option<&'a RawValue>,
}

type Failure = Box<dyn std::error::Error>;

async fn submit(
    http: &reqwest::Client,
    base: &str,
    session: &str,
    sql: &str,
) -> Result<String, Failure> {
    let body: serde_json::Value = http
        .post(format!("{base}/v2/sessions/{session}/statements"))
        .json(&serde_json::json!({ "statement": sql }))
        .send()
        .await?
        .error_for_status()?
        .json()
        .await?;
    let op = body["operationHandle"]
        .as_str()
        .ok_or("no operationHandle")?;
    Ok(format!(
        "/v2/sessions/{session}/operations/{op}/result/0?rowFormat=JSON"
    ))
}

/// Follows `nextResultUri` from `uri` to the end; the number of pages with rows.
async fn drain(http: &reqwest::Client, base: &str, mut uri: String) -> Result<u64, Failure> {
    let mut pages = 0;
    let mut idle: u32 = 0;
    // Bounded: an hour of polling at most.
    let deadline = Instant::now() + Duration::from_secs(3600);
    loop {
        let body = http
            .get(format!("{base}{uri}"))
            .send()
            .await?
            .error_for_status()?
            .bytes()
            .await?;
        let head: Head<'_> = serde_json::from_slice(&body)?;
        let has_rows = head
            .results
            .and_then(|r| r.data)
            .is_some_and(|d| d.get() != "[]");
        pages += u64::from(has_rows);
        let next = match head.next_result_uri {
            Some(next) if head.result_type != "EOS" => next,
            _ => return Ok(pages),
        };
        uri = next;
        if has_rows {
            idle = 0;
        } else {
            if Instant::now() > deadline {
                return Err("no end of results within an hour".into());
            }
            tokio::time::sleep(Duration::from_millis(1 << idle.min(9))).await;
            idle += 1;
        }
    }
}

#[tokio::main]
async fn main() -> Result<(), Failure> {
    let mut args = std::env::args().skip(1);
    let (Some(base), Some(query)) = (args.next(), args.next()) else {
        return Err("usage: fetch_pages GATEWAY_URL QUERY [SETUP_STATEMENT...]".into());
    };
    let base = base.trim_end_matches('/').to_owned();
    let http = reqwest::Client::new();
    let session: serde_json::Value = http
        .post(format!("{base}/v2/sessions"))
        .json(&serde_json::json!({}))
        .send()
        .await?
        .error_for_status()?
        .json()
        .await?;
    let session = session["sessionHandle"]
        .as_str()
        .ok_or("no sessionHandle")?
        .to_owned();
    for setup in args {
        let uri = submit(&http, &base, &session, &setup).await?;
        drain(&http, &base, uri).await?;
    }
    let uri = submit(&http, &base, &session, &query).await?;
    let pages = drain(&http, &base, uri).await?;
    let _ = http
        .delete(format!("{base}/v2/sessions/{session}"))
        .send()
        .await;
    println!("{pages} pages");
    Ok(())
}
