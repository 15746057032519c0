//! The committed schemas are exactly what the model types generate, and
//! every registry file points editors at them.

use std::path::Path;

use subreg::schema::SchemaFile;

#[test]
fn committed_schemas_are_fresh() -> Result<(), Box<dyn std::error::Error>> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("schemas");
    for kind in SchemaFile::ALL {
        let committed = std::fs::read_to_string(dir.join(kind.file_name()))?;
        assert!(
            committed == kind.text(),
            "schemas/{} is stale: run `cargo run -- schema` and commit it",
            kind.file_name()
        );
    }
    Ok(())
}

#[test]
fn every_field_and_enum_value_is_described() {
    fn walk(node: &serde_json::Value, path: &str, missing: &mut Vec<String>) {
        if let Some(props) = node.get("properties").and_then(|p| p.as_object()) {
            for (key, prop) in props {
                if prop.get("description").is_none() {
                    missing.push(format!("{path}/{key}"));
                }
                walk(prop, &format!("{path}/{key}"), missing);
            }
        }
        for keyword in ["oneOf", "anyOf"] {
            let options = node.get(keyword).and_then(|o| o.as_array());
            for (i, option) in options.into_iter().flatten().enumerate() {
                if option.get("const").is_some() && option.get("description").is_none() {
                    missing.push(format!("{path}/{keyword}/{i}"));
                }
            }
        }
        if let Some(defs) = node.get("$defs").and_then(|d| d.as_object()) {
            for (name, def) in defs {
                walk(def, &format!("{path}/$defs/{name}"), missing);
            }
        }
    }
    let mut missing = Vec::new();
    for kind in SchemaFile::ALL {
        walk(&kind.value(), kind.file_name(), &mut missing);
    }
    assert_eq!(missing, Vec::<String>::new());
}

#[test]
fn registry_files_name_their_schema() -> Result<(), Box<dyn std::error::Error>> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("registry");
    let first_line = |p: &Path| -> Result<String, std::io::Error> {
        Ok(std::fs::read_to_string(p)?
            .lines()
            .next()
            .unwrap_or_default()
            .to_owned())
    };
    assert_eq!(
        first_line(&root.join("registry.toml"))?,
        "#:schema ../schemas/registry.schema.json"
    );
    for entry in std::fs::read_dir(root.join("subprocessors"))? {
        let path = entry?.path();
        assert_eq!(
            first_line(&path)?,
            "#:schema ../../schemas/subprocessor.schema.json",
            "{}",
            path.display()
        );
    }
    Ok(())
}
