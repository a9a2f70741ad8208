//! A Java KeyStore (JKS) truststore writer: trusted certificates only, no private keys.
//!
//! No maintained Rust crate writes JKS, and the format of a truststore is small: a header, one
//! `trustedCertEntry` per certificate, and a SHA-1 integrity digest keyed by the password
//! (`sun.security.provider.JavaKeyStore`). `keytool -list` and every Java Kafka client read it.

use sha1::{Digest, Sha1};

const MAGIC: u32 = 0xFEED_FEED;
const VERSION: u32 = 2;
const TRUSTED_CERT_TAG: u32 = 2;
/// The salt Java's JKS implementation mixes into the integrity digest.
const WHITENER: &[u8] = b"Mighty Aphrodite";

/// One trusted certificate of a truststore.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TrustedCert {
    /// The alias (`keytool -list` shows it); lowercase, as Java stores aliases.
    pub alias: String,
    /// Creation date shown by `keytool`, in milliseconds since the epoch.
    pub created_millis: u64,
    /// The DER-encoded X.509 certificate.
    pub der: Vec<u8>,
}

/// Java's modified UTF-8 with a two-byte length, as `DataOutputStream::writeUTF` writes it.
fn write_utf(out: &mut Vec<u8>, text: &str) {
    let mut bytes = Vec::with_capacity(text.len());
    for unit in text.encode_utf16() {
        match unit {
            0x0001..=0x007F => bytes.push(unit as u8),
            0x0000 | 0x0080..=0x07FF => {
                bytes.push(0xC0 | ((unit >> 6) & 0x1F) as u8);
                bytes.push(0x80 | (unit & 0x3F) as u8);
            }
            _ => {
                bytes.push(0xE0 | ((unit >> 12) & 0x0F) as u8);
                bytes.push(0x80 | ((unit >> 6) & 0x3F) as u8);
                bytes.push(0x80 | (unit & 0x3F) as u8);
            }
        }
    }
    // Aliases are short; a longer string would not fit Java's format either.
    let len = u16::try_from(bytes.len()).unwrap_or(u16::MAX);
    out.extend_from_slice(&len.to_be_bytes());
    out.extend_from_slice(&bytes[..usize::from(len)]);
}

/// Writes a JKS truststore holding `certs`, protected by `password`.
pub fn truststore(certs: &[TrustedCert], password: &str) -> Vec<u8> {
    let mut out = Vec::new();
    out.extend_from_slice(&MAGIC.to_be_bytes());
    out.extend_from_slice(&VERSION.to_be_bytes());
    let count = u32::try_from(certs.len()).unwrap_or(u32::MAX);
    out.extend_from_slice(&count.to_be_bytes());
    for cert in certs {
        out.extend_from_slice(&TRUSTED_CERT_TAG.to_be_bytes());
        write_utf(&mut out, &cert.alias.to_lowercase());
        out.extend_from_slice(&cert.created_millis.to_be_bytes());
        write_utf(&mut out, "X.509");
        let len = u32::try_from(cert.der.len()).unwrap_or(u32::MAX);
        out.extend_from_slice(&len.to_be_bytes());
        out.extend_from_slice(&cert.der);
    }
    let mut digest = Sha1::new();
    for unit in password.encode_utf16() {
        digest.update(unit.to_be_bytes());
    }
    digest.update(WHITENER);
    digest.update(&out);
    out.extend_from_slice(&digest.finalize());
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn header_entries_and_digest_are_laid_out_as_java_does() {
        let store = truststore(
            &[TrustedCert {
                alias: "CA-0".into(),
                created_millis: 1,
                der: vec![0x30, 0x00],
            }],
            "pw",
        );
        assert_eq!(
            &store[..12],
            &[0xFE, 0xED, 0xFE, 0xED, 0, 0, 0, 2, 0, 0, 0, 1]
        );
        // tag, alias "ca-0", date, "X.509", length, DER, then 20 bytes of SHA-1.
        assert_eq!(&store[12..16], &[0, 0, 0, 2]);
        assert_eq!(&store[16..22], b"\0\x04ca-0");
        assert_eq!(store.len(), 12 + 4 + 6 + 8 + 7 + 4 + 2 + 20);
        let other = truststore(
            &[TrustedCert {
                alias: "ca-0".into(),
                created_millis: 1,
                der: vec![0x30, 0x00],
            }],
            "other",
        );
        assert_ne!(store[store.len() - 20..], other[other.len() - 20..]);
    }

    #[test]
    fn modified_utf8_encodes_nul_in_two_bytes() {
        let mut out = Vec::new();
        write_utf(&mut out, "a\0é");
        assert_eq!(out, [0, 5, b'a', 0xC0, 0x80, 0xC3, 0xA9]);
    }
}
