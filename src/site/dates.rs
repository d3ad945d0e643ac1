//! Dates Jekyll reads from strings — front matter `date:` and
//! `_config.yml`'s `time:` — with `Time.parse` (`Utils.parse_date`): the
//! port in `crate::ruby_time`, in the site's zone.

use chrono::{DateTime, FixedOffset};

use crate::config::Config;
use crate::ruby_time::{self, TzZone};

/// Ruby's `Time.parse(s)` with the site's zone as the local one and `now`
/// for the fields the string leaves out; the error is Ruby's message.
pub fn parse_time_string(
    s: &str,
    cfg: &Config,
    now: DateTime<FixedOffset>,
) -> Result<DateTime<FixedOffset>, String> {
    ruby_time::time_parse(s, now, &TzZone(cfg.timezone))
}
