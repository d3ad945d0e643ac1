#[derive(Clone, Debug)]
pub(crate) struct ExtendRule {
    pub is_optional: bool,
}
