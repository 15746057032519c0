//! Schema generation with schemars.

use schemars::JsonSchema;
use schemars::generate::SchemaSettings;
use serde_json::Value;

use crate::model::{KnowledgeFile, RegionCatalogue, RegistryConfig, Subprocessor};

/// The schemas subreg publishes, one per kind of file.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SchemaFile {
    /// `schemas/registry.schema.json`, for `registry/registry.toml`.
    Registry,
    /// `schemas/subprocessor.schema.json`, for `registry/subprocessors/*.toml`.
    Subprocessor,
    /// `schemas/knowledge.schema.json`, for knowledge-base files and `registry/knowledge.toml`.
    Knowledge,
    /// `schemas/regions.schema.json`, for the cloud region tables.
    Regions,
}

impl SchemaFile {
    /// Every schema file, in the order `subreg schema` writes them.
    pub const ALL: [Self; 4] = [
        Self::Registry,
        Self::Subprocessor,
        Self::Knowledge,
        Self::Regions,
    ];

    /// The file name inside `schemas/`.
    #[must_use]
    pub fn file_name(self) -> &'static str {
        match self {
            Self::Registry => "registry.schema.json",
            Self::Subprocessor => "subprocessor.schema.json",
            Self::Knowledge => "knowledge.schema.json",
            Self::Regions => "regions.schema.json",
        }
    }

    /// The schema as a JSON value (JSON Schema draft 2020-12).
    #[must_use]
    pub fn value(self) -> Value {
        match self {
            Self::Registry => generate::<RegistryConfig>(),
            Self::Subprocessor => generate::<Subprocessor>(),
            Self::Knowledge => generate::<KnowledgeFile>(),
            Self::Regions => generate::<RegionCatalogue>(),
        }
    }

    /// The exact text of the committed file: pretty JSON, LF line endings,
    /// a final newline.
    #[must_use]
    pub fn text(self) -> String {
        let mut text = serde_json::to_string_pretty(&self.value()).unwrap_or_default();
        text.push('\n');
        text
    }
}

fn generate<T: JsonSchema>() -> Value {
    let generator = SchemaSettings::draft2020_12().into_generator();
    generator.into_root_schema_for::<T>().to_value()
}
