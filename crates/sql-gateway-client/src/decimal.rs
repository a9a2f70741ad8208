//! An exact decimal for `DECIMAL(p, s)` values (p ≤ 38 fits an `i128`).

use std::fmt;
use std::str::FromStr;

/// An exact decimal number: `unscaled × 10^-scale`.
///
/// Parsed from the server's JSON number text, never through `f64`, so `DECIMAL(38, 18)` values
/// survive exactly. Flink's Jackson strips trailing zeros and may use exponents (`1E+2` for
/// `100.00`); [`Decimal::rescale`] restores the column's declared scale.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Decimal {
    unscaled: i128,
    scale: u32,
}

/// Error parsing or rescaling a [`Decimal`].
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("invalid decimal `{input}`: {reason}")]
pub struct DecimalError {
    /// The input text.
    pub input: String,
    /// Why it was rejected.
    pub reason: &'static str,
}

/// Largest scale accepted (Flink's maximum precision).
const MAX_DIGITS: u32 = 38;

impl Decimal {
    /// `unscaled × 10^-scale`.
    pub fn new(unscaled: i128, scale: u32) -> Self {
        Self { unscaled, scale }
    }

    /// The unscaled integer.
    pub fn unscaled(&self) -> i128 {
        self.unscaled
    }

    /// Digits after the decimal point.
    pub fn scale(&self) -> u32 {
        self.scale
    }

    /// The same number with exactly `scale` fractional digits; fails if digits would be lost
    /// or the result overflows.
    pub fn rescale(self, scale: u32) -> Result<Self, DecimalError> {
        let err = |reason| DecimalError {
            input: self.to_string(),
            reason,
        };
        if scale == self.scale {
            return Ok(self);
        }
        if scale > MAX_DIGITS {
            return Err(err("scale above 38"));
        }
        if scale > self.scale {
            let factor = 10i128
                .checked_pow(scale - self.scale)
                .ok_or_else(|| err("overflow"))?;
            let unscaled = self
                .unscaled
                .checked_mul(factor)
                .ok_or_else(|| err("overflow"))?;
            let d = Self { unscaled, scale };
            d.check_digits()
                .map_err(|_| err("more than 38 digits at this scale"))?;
            Ok(d)
        } else {
            let factor = 10i128
                .checked_pow(self.scale - scale)
                .ok_or_else(|| err("overflow"))?;
            if self.unscaled % factor != 0 {
                return Err(err("more fractional digits than the column's scale"));
            }
            Ok(Self {
                unscaled: self.unscaled / factor,
                scale,
            })
        }
    }

    /// At most 38 digits in total (Flink's maximum precision).
    fn check_digits(&self) -> Result<(), ()> {
        const LIMIT: u128 = 10u128.pow(MAX_DIGITS);
        if self.unscaled.unsigned_abs() < LIMIT {
            Ok(())
        } else {
            Err(())
        }
    }

    /// Lossy conversion for display or arithmetic.
    pub fn to_f64(&self) -> f64 {
        // Parsing our own plain text is exact-as-possible and cannot fail.
        self.to_string().parse().unwrap_or(f64::NAN)
    }
}

impl FromStr for Decimal {
    type Err = DecimalError;

    /// Parses `-12.340`, `1E+2`, `1.5e-3` (JSON number syntax, plus a leading `+`).
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let err = |reason| DecimalError {
            input: s.chars().take(64).collect(),
            reason,
        };
        let t = s.trim();
        let (neg, rest) = match t.as_bytes().first() {
            Some(b'-') => (true, &t[1..]),
            Some(b'+') => (false, &t[1..]),
            _ => (false, t),
        };
        let (mantissa, exp) = match rest.find(['e', 'E']) {
            Some(i) => {
                let e: i64 = rest[i + 1..].parse().map_err(|_| err("bad exponent"))?;
                (&rest[..i], e)
            }
            None => (rest, 0),
        };
        let (int_part, frac_part) = match mantissa.split_once('.') {
            Some((i, f)) => (i, f),
            None => (mantissa, ""),
        };
        // Keep the written scale unless trailing fractional zeros push past 38 digits.
        let significant = |frac: &str| {
            let all = int_part.len() + frac.len();
            let leading = int_part
                .bytes()
                .chain(frac.bytes())
                .take_while(|b| *b == b'0')
                .count();
            all - leading
        };
        let frac_part = if significant(frac_part) > MAX_DIGITS as usize {
            frac_part.trim_end_matches('0')
        } else {
            frac_part
        };
        if int_part.is_empty() && mantissa.len() <= 1 {
            return Err(err("no digits"));
        }
        if !int_part
            .bytes()
            .chain(frac_part.bytes())
            .all(|b| b.is_ascii_digit())
        {
            return Err(err("not a number"));
        }
        let mut unscaled: i128 = 0;
        let mut significant = 0u32;
        for b in int_part.bytes().chain(frac_part.bytes()) {
            if unscaled != 0 || b != b'0' {
                significant += 1;
            }
            if significant > MAX_DIGITS {
                return Err(err("more than 38 significant digits"));
            }
            unscaled = unscaled
                .checked_mul(10)
                .and_then(|u| u.checked_add(i128::from(b - b'0')))
                .ok_or_else(|| err("overflow"))?;
        }
        let frac_len = i64::try_from(frac_part.len()).map_err(|_| err("too long"))?;
        let scale = frac_len - exp;
        let mut d = if scale >= 0 {
            let scale = u32::try_from(scale).map_err(|_| err("scale out of range"))?;
            if scale > 2 * MAX_DIGITS {
                return Err(err("scale out of range"));
            }
            Decimal { unscaled, scale }
        } else {
            let shift = u32::try_from(-scale).map_err(|_| err("exponent out of range"))?;
            let factor = 10i128.checked_pow(shift).ok_or_else(|| err("overflow"))?;
            Decimal {
                unscaled: unscaled
                    .checked_mul(factor)
                    .ok_or_else(|| err("overflow"))?,
                scale: 0,
            }
        };
        if neg {
            d.unscaled = -d.unscaled;
        }
        d.check_digits().map_err(|_| err("more than 38 digits"))?;
        Ok(d)
    }
}

/// Plain notation with exactly `scale` fractional digits, e.g. `-0.050`.
impl fmt::Display for Decimal {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let digits = self.unscaled.unsigned_abs().to_string();
        let sign = if self.unscaled < 0 { "-" } else { "" };
        let scale = self.scale as usize;
        if scale == 0 {
            return write!(f, "{sign}{digits}");
        }
        if digits.len() > scale {
            let (i, frac) = digits.split_at(digits.len() - scale);
            write!(f, "{sign}{i}.{frac}")
        } else {
            write!(f, "{sign}0.{}{digits}", "0".repeat(scale - digits.len()))
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_plain_and_exponent_forms_exactly() {
        let d: Decimal = "12345678901234567890.123456789012345678".parse().unwrap();
        assert_eq!(d.scale(), 18);
        assert_eq!(d.to_string(), "12345678901234567890.123456789012345678");
        assert_eq!(
            "1E+2"
                .parse::<Decimal>()
                .unwrap()
                .rescale(2)
                .unwrap()
                .to_string(),
            "100.00"
        );
        assert_eq!("-1.5e-3".parse::<Decimal>().unwrap().to_string(), "-0.0015");
        assert_eq!(
            "0.10"
                .parse::<Decimal>()
                .unwrap()
                .rescale(1)
                .unwrap()
                .to_string(),
            "0.1"
        );
    }

    #[test]
    fn rejects_garbage_and_lossy_rescale() {
        for bad in [
            "",
            "-",
            "1.2.3",
            "abc",
            "1e",
            "1e99999999999",
            "NaN",
            "0x10",
        ] {
            assert!(bad.parse::<Decimal>().is_err(), "{bad}");
        }
        assert!("1.25".parse::<Decimal>().unwrap().rescale(1).is_err());
        assert!("1e40".parse::<Decimal>().is_err());
        assert!(
            "123456789012345678901234567890123456789"
                .parse::<Decimal>()
                .is_err()
        );
    }
}
