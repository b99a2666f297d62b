//! Validation: turns what loading found into a catalog the later stages can
//! trust. It completes and compiles the rules (checking each condition against
//! a sample of every profile kind), checks references between profiles and
//! required fields, and reviews the sources (notes, ages). Every problem is
//! reported, each at its location.

mod profiles;
mod review;
mod rules;
mod sample;

pub use profiles::waivers as check_waivers;
pub use review::{Review, review, says_old};

use crate::diagnostics::{Problem, problems_to_result};
use crate::load::{self, Catalog, LoadOptions, Positions, parse, unknown_id};
use crate::model::Product;
use anyhow::{Result, anyhow};

/// The outcome of loading and validating: the catalog when the profiles hold
/// together, and every problem found on the way.
pub struct Checked {
    pub catalog: Option<Catalog>,
    pub problems: Vec<Problem>,
}

/// Loads and validates every profile; fails with all the problems found.
pub fn load(options: &LoadOptions) -> Result<Catalog> {
    let checked = check_with(options, false)?;
    problems_to_result(checked.problems)?;
    checked
        .catalog
        .ok_or_else(|| anyhow!("the profiles could not be loaded"))
}

/// Loads every profile and collects every problem instead of stopping at the
/// first, checking the built-in rules too. Errs only when a `--profiles`
/// folder cannot be read at all.
pub fn check(options: &LoadOptions) -> Result<Checked> {
    check_with(options, true)
}

/// `thorough` also checks the built-in rules against the sample profiles;
/// `assess validate` and the tests do, every run need not (they ship checked).
fn check_with(options: &LoadOptions, thorough: bool) -> Result<Checked> {
    let load::Loaded {
        mut catalog,
        rules,
        mut problems,
    } = load::load(options)?;
    let (rules, rule_problems) = profiles::complete_rules(&catalog, rules);
    problems.extend(rule_problems);
    catalog.rules = rules::compile(&catalog, rules, thorough, &mut problems);
    problems.extend(profiles::catalog(&catalog));
    problems.sort();
    problems.dedup();
    Ok(Checked {
        catalog: Some(catalog),
        problems,
    })
}

/// A `--product` argument: a built-in example's id, `-` for standard input, or
/// a file, which is validated against the catalog.
pub fn product(catalog: &Catalog, arg: &str) -> Result<Product> {
    let Some(file) = load::read_product_arg(arg)? else {
        return catalog
            .products
            .get(arg)
            .cloned()
            .ok_or_else(|| unknown_id("product", arg, catalog.products.keys()));
    };
    let mut product: Product = parse(&file)?;
    problems_to_result(profiles::product(catalog, &product, &file))?;
    product.constraints_at = Positions::of(&file.text)
        .find("constraints")
        .map(|(line, column)| (file.path.clone(), line, column));
    Ok(product)
}
