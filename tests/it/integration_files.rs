//! The files other tools read: the GitHub Action (action.yml), the pre-commit
//! hook (.pre-commit-hooks.yaml), and the README's workflow that uses the
//! action. `.ci/run` also validates action.yml against the published schema.

use crate::common::assess;
use serde_json::Value;

fn yaml(path: &str) -> Value {
    let text = std::fs::read_to_string(format!("{}/{path}", env!("CARGO_MANIFEST_DIR")))
        .unwrap_or_else(|e| panic!("{path}: {e}"));
    serde_saphyr::from_str(&text).unwrap_or_else(|e| panic!("{path}: {e}"))
}

/// The names in `${{ inputs.NAME }}` expressions of a text.
fn inputs_used(text: &str) -> Vec<String> {
    text.split("inputs.")
        .skip(1)
        .map(|rest| {
            rest.chars()
                .take_while(|c| c.is_ascii_alphanumeric() || *c == '-' || *c == '_')
                .collect()
        })
        .collect()
}

#[test]
fn the_action_declares_every_input_it_uses_and_keeps_them_out_of_scripts() {
    let action = yaml("action.yml");
    let declared: Vec<&String> = action["inputs"]
        .as_object()
        .expect("inputs")
        .keys()
        .collect();
    let text = std::fs::read_to_string(format!("{}/action.yml", env!("CARGO_MANIFEST_DIR")))
        .expect("action.yml");
    for used in inputs_used(&text) {
        assert!(
            declared.iter().any(|d| **d == used),
            "undeclared input {used}"
        );
    }
    let steps = action["runs"]["steps"].as_array().expect("steps");
    for step in steps {
        if let Some(script) = step["run"].as_str() {
            // An input pasted into a script is a command injection; they go
            // through `env:` instead.
            assert!(
                !script.contains("${{"),
                "an expression inside a script: {script}"
            );
        }
    }
    let scripts: String = steps.iter().filter_map(|s| s["run"].as_str()).collect();
    assert!(scripts.contains("--format sarif"));
    assert!(steps.iter().any(|s| {
        s["uses"]
            .as_str()
            .is_some_and(|u| u.starts_with("github/codeql-action/upload-sarif@"))
    }));
}

#[test]
fn the_readme_workflow_uses_the_action_with_its_declared_inputs() {
    let readme = std::fs::read_to_string(format!("{}/README.md", env!("CARGO_MANIFEST_DIR")))
        .expect("README");
    let start = readme
        .find("# .github/workflows/assess-sarif.yml")
        .expect("the README shows the workflow with the action");
    let block = &readme[start..start + readme[start..].find("```").expect("the block ends")];
    let workflow: Value = serde_saphyr::from_str(block).expect("the README's workflow is YAML");
    assert_eq!(workflow["permissions"]["security-events"], "write");
    let action = yaml("action.yml");
    let steps = workflow["jobs"]["assess"]["steps"]
        .as_array()
        .expect("steps");
    let step = steps
        .iter()
        .find(|s| {
            s["uses"]
                .as_str()
                .is_some_and(|u| u.starts_with("your-org/assess@"))
        })
        .expect("a step uses the action");
    for key in step["with"].as_object().expect("with").keys() {
        assert!(
            action["inputs"].get(key).is_some(),
            "the action has no input `{key}`"
        );
    }
}

#[test]
fn the_pre_commit_hook_runs_a_command_that_exists() {
    let hooks = yaml(".pre-commit-hooks.yaml");
    let hooks = hooks.as_array().expect("a list of hooks");
    assert_eq!(hooks.len(), 1);
    let hook = &hooks[0];
    for key in ["id", "name", "entry", "language"] {
        assert!(hook[key].as_str().is_some_and(|v| !v.is_empty()), "{key}");
    }
    assert_eq!(hook["language"], "rust");
    assert_eq!(
        hook["pass_filenames"], false,
        "validate takes folders, not every YAML file"
    );
    let entry: Vec<&str> = hook["entry"]
        .as_str()
        .expect("entry")
        .split_whitespace()
        .collect();
    assert_eq!(entry.first(), Some(&"assess"));
    let output = assess().args(&entry[1..]).output().expect("runs");
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
}
