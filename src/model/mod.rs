//! The registry's data model: plain serde + schemars types, no behaviour.
//!
//! These types are the single source of truth for the registry's file
//! format: the JSON Schemas in `schemas/` are generated from them,
//! and the loader deserializes every file into them after schema validation.

mod date;
mod field;
mod knowledge;
mod mechanism;
mod regime;
mod region;
mod registry;
mod subprocessor;

pub use date::Date;
pub use field::{Field, TransferKey, WaiverKey};
pub use knowledge::{
    Amendment, AreaFact, Binds, Coverage, DatedMember, DatedText, DecisionFact, EarlierBasis,
    Epoch, ExporterFrom, KnowledgeFile, MechanismFact, Provenance, RiskFact, RiskStatus, Scope,
    Verification,
};
pub use mechanism::Mechanism;
pub use regime::Regime;
pub use region::{CloudRegion, RegionCatalogue, Unstated};
pub use registry::{DocumentRef, Level, Organization, RegistryConfig, Role, Waiver};
pub use subprocessor::{Authority, EntryKey, Link, LinkKind, RecordKey, Subprocessor, Transfer};
