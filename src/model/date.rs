//! Calendar dates (ISO 8601 `YYYY-MM-DD`), written as TOML local dates.

use std::borrow::Cow;
use std::fmt;

use schemars::{JsonSchema, Schema, SchemaGenerator, json_schema};
use serde::de::{self, MapAccess, Visitor};
use serde::{Deserialize, Deserializer, Serialize, Serializer};

/// A calendar date without time or time zone, such as `2023-11-08`.
///
/// In TOML it is a local date (`added = 2023-11-08`, unquoted), as the
/// README says; a quoted `"2023-11-08"` is refused. Editors validate TOML
/// dates as strings of format `date`, so the schema cannot tell the two
/// apart: the loader's second stage refuses the quoted one in plain words.
/// A date-time or an offset date-time is rejected: the registry records
/// days, not instants.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Date(pub jiff::civil::Date);

impl Date {
    /// The last day subreg's calendar holds, 9999-12-31: where date
    /// arithmetic past the calendar ends.
    pub const LAST: Date = Date(jiff::civil::Date::MAX);

    /// Builds a date from year, month (1-12) and day (1-31).
    ///
    /// # Errors
    /// When the triple is not a day of the proleptic Gregorian calendar.
    pub fn new(year: i16, month: i8, day: i8) -> Result<Self, jiff::Error> {
        jiff::civil::Date::new(year, month, day).map(Self)
    }

    /// The date `days` calendar days later (earlier when negative),
    /// saturating at the ends of the supported range (years -9999 to
    /// 9999): a period longer than the calendar ends on its last day.
    #[must_use]
    pub fn plus_days(self, days: i64) -> Self {
        self.shifted(jiff::Span::new().try_days(days), days >= 0)
    }

    /// The date `years` calendar years later; 29 February maps to 28
    /// February; saturating as [`Date::plus_days`].
    #[must_use]
    pub fn plus_years(self, years: i16) -> Self {
        self.shifted(jiff::Span::new().try_years(years), years >= 0)
    }

    /// The date `months` calendar months later, clamped to the month's last
    /// day; saturating as [`Date::plus_days`].
    #[must_use]
    pub fn plus_months(self, months: u32) -> Self {
        self.shifted(jiff::Span::new().try_months(i64::from(months)), true)
    }

    /// The last day of a period of `months` calendar months that starts on
    /// `self`: the day before the same day `months` later (an assessment of
    /// 2025-04-01 valid 36 months runs through 2028-03-31). A period that
    /// runs past the calendar runs through its last day, 9999-12-31.
    #[must_use]
    pub fn last_day_of_months(self, months: u32) -> Self {
        match self.plus_months(months) {
            Self::LAST => Self::LAST,
            after => after.plus_days(-1),
        }
    }

    /// `self` moved by `span`, or the first or last supported day when the
    /// span or the result is out of range (jiff refuses rather than wraps).
    fn shifted(self, span: Result<jiff::Span, jiff::Error>, forward: bool) -> Self {
        let end = if forward {
            jiff::civil::Date::MAX
        } else {
            jiff::civil::Date::MIN
        };
        Self(
            span.and_then(|span| self.0.checked_add(span))
                .unwrap_or(end),
        )
    }

    /// Whole days from `self` to `later` (negative when `later` is earlier).
    #[must_use]
    pub fn days_until(self, later: Self) -> i64 {
        later
            .0
            .since(self.0)
            .map(|span| i64::from(span.get_days()))
            .unwrap_or(0)
    }
}

impl std::str::FromStr for Date {
    type Err = String;

    /// Parses exactly `YYYY-MM-DD`.
    fn from_str(text: &str) -> Result<Self, Self::Err> {
        let bytes = text.as_bytes();
        let shape_ok = bytes.len() == 10
            && bytes[4] == b'-'
            && bytes[7] == b'-'
            && bytes
                .iter()
                .enumerate()
                .all(|(i, b)| i == 4 || i == 7 || b.is_ascii_digit());
        if !shape_ok {
            return Err(format!(
                "`{text}` is not a calendar date; write it as YYYY-MM-DD, e.g. 2023-11-08"
            ));
        }
        text.parse::<jiff::civil::Date>()
            .map(Self)
            .map_err(|_| format!("`{text}` is not a day of the calendar"))
    }
}

impl fmt::Display for Date {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.0)
    }
}

impl Serialize for Date {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_str(self)
    }
}

impl<'de> Deserialize<'de> for Date {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserializer.deserialize_any(DateVisitor)
    }
}

impl JsonSchema for Date {
    fn schema_name() -> Cow<'static, str> {
        "Date".into()
    }

    fn json_schema(_: &mut SchemaGenerator) -> Schema {
        json_schema!({
            "type": "string",
            "format": "date",
            "description": "A calendar date, ISO 8601 YYYY-MM-DD; in TOML an unquoted local date such as 2023-11-08."
        })
    }
}

/// Accepts a TOML local date (which the toml crate hands over as a one-field
/// map); refuses a string, which is a quoted date.
struct DateVisitor;

/// The field name under which the toml crate passes date-times through serde.
const TOML_DATETIME_FIELD: &str = "$__toml_private_datetime";

impl<'de> Visitor<'de> for DateVisitor {
    type Value = Date;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a calendar date such as 2023-11-08")
    }

    fn visit_str<E: de::Error>(self, text: &str) -> Result<Date, E> {
        Err(E::custom(format!(
            "expected a calendar date without quotes, found the text \"{text}\""
        )))
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Date, A::Error> {
        let key: Option<String> = map.next_key()?;
        if key.as_deref() != Some(TOML_DATETIME_FIELD) {
            return Err(de::Error::custom(
                "expected a calendar date such as 2023-11-08",
            ));
        }
        let text: String = map.next_value()?;
        text.parse().map_err(de::Error::custom)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[derive(Deserialize)]
    struct Holder {
        d: Date,
    }

    #[test]
    fn reads_a_toml_local_date_and_refuses_a_quoted_one() -> Result<(), toml::de::Error> {
        let a: Holder = toml::from_str("d = 2023-11-08")?;
        assert_eq!(a.d.to_string(), "2023-11-08");
        assert!(toml::from_str::<Holder>("d = \"2023-11-08\"").is_err());
        Ok(())
    }

    #[test]
    fn rejects_date_times_and_impossible_days() {
        for text in [
            "d = 2023-11-08T10:00:00",
            "d = 2023-11-08T10:00:00Z",
            "d = 10:00:00",
            "d = \"2023-02-30\"",
            "d = \"8 Nov 2023\"",
        ] {
            assert!(toml::from_str::<Holder>(text).is_err(), "{text} accepted");
        }
    }

    #[test]
    fn arithmetic_is_calendar_arithmetic() -> Result<(), jiff::Error> {
        let d = Date::new(2024, 2, 29)?;
        assert_eq!(d.plus_years(3).to_string(), "2027-02-28");
        assert_eq!(d.plus_days(1).to_string(), "2024-03-01");
        assert_eq!(d.plus_months(36).to_string(), "2027-02-28");
        assert_eq!(
            Date::new(2025, 4, 1)?
                .plus_months(36)
                .plus_days(-1)
                .to_string(),
            "2028-03-31"
        );
        assert_eq!(
            Date::new(2025, 1, 1)?.days_until(Date::new(2025, 3, 1)?),
            59
        );
        Ok(())
    }

    /// Periods a registry may state (up to u32::MAX days or months) run past
    /// the calendar: they end on its last day, never panic, never wrap.
    #[test]
    fn arithmetic_past_the_calendar_saturates() -> Result<(), jiff::Error> {
        let d = Date::new(2023, 11, 8)?;
        assert_eq!(d.plus_days(i64::from(u32::MAX)).to_string(), "9999-12-31");
        assert_eq!(d.plus_days(7_304_484).to_string(), "9999-12-31");
        assert_eq!(
            d.plus_days(-i64::from(u32::MAX)).to_string(),
            "-009999-01-01"
        );
        assert_eq!(d.plus_months(u32::MAX).to_string(), "9999-12-31");
        assert_eq!(d.plus_years(i16::MAX).to_string(), "9999-12-31");
        assert_eq!(d.plus_years(i16::MIN).to_string(), "-009999-01-01");
        assert_eq!(d.plus_days(1).to_string(), "2023-11-09");
        assert_eq!(
            Date::new(2025, 4, 1)?.last_day_of_months(36).to_string(),
            "2028-03-31"
        );
        let late = Date::new(9999, 12, 15)?;
        assert_eq!(late.last_day_of_months(1).to_string(), "9999-12-31");
        assert_eq!(late.last_day_of_months(u32::MAX).to_string(), "9999-12-31");
        Ok(())
    }
}
