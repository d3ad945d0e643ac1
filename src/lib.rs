//! hyde: Jekyll's pipeline in Rust — config → read → render → generate → write.

pub mod highlight;
pub mod liquid;
pub mod markdown;
