use super::*;

fn env_of<'a>(vars: &'a [(&'a str, &'a str)]) -> impl Fn(&str) -> Option<String> + 'a {
    move |k| {
        vars.iter()
            .find(|(n, _)| *n == k)
            .map(|(_, v)| v.to_string())
    }
}

fn meta(nwo: Option<&str>, environment: &str, vars: &[(&str, &str)]) -> Arc<GitHubMetadata> {
    Arc::new(GitHubMetadata::with_nwo(
        nwo,
        Path::new("/"),
        environment,
        &env_of(vars),
    ))
}

/// The field as `Debug` prints it.
fn field(m: &GitHubMetadata, k: &str) -> String {
    format!("{:?}", m.get(k).and_then(Result::ok).unwrap_or_default())
}

fn dbg(v: Option<&Value>) -> String {
    format!("{:?}", v.cloned().unwrap_or_default())
}

#[test]
fn remotes() {
    let out = "upstream\thttps://github.com/u/s (fetch)\norigin\tgit@github.com:Own_er/re.po.git (fetch)\norigin\tgit@github.com:Own_er/re.po.git (push)";
    assert_eq!(
        nwo_from_git_remotes(out, "github.com").as_deref(),
        Some("Own_er/re.po")
    );
    // unanchored, one `.git` removed
    let out = "origin\thttps://notgithub.com/x/y.git.git (fetch)";
    assert_eq!(
        nwo_from_git_remotes(out, "github.com").as_deref(),
        Some("x/y.git")
    );
    assert_eq!(
        nwo_from_git_remotes("fatal: not a git repository", "github.com"),
        None
    );
    assert_eq!(
        nwo_from_git_remotes("origin\thttps://gitlab.com/a/b (fetch)", "github.com"),
        None
    );
}

#[test]
fn find_nwo_order() {
    let mut config = Map::default();
    config.insert("repository".into(), Value::from("cfg/repo"));
    let env = env_of(&[("PAGES_REPO_NWO", "env/repo")]);
    assert_eq!(
        find_nwo(&config, Path::new("/"), "production", &env).as_deref(),
        Some("env/repo")
    );
    let none = env_of(&[]);
    assert_eq!(
        find_nwo(&config, Path::new("/"), "production", &none).as_deref(),
        Some("cfg/repo")
    );
    config.insert("repository".into(), Value::from("noslash"));
    assert_eq!(find_nwo(&config, Path::new("/"), "production", &none), None);
}

#[test]
fn project_page_offline() {
    let m = meta(Some("foo/bar"), "production", &[]);
    assert_eq!(field(&m, "url"), "\"https://github.com/pages/foo/bar\"");
    assert_eq!(field(&m, "baseurl"), "\"/pages/foo/bar\"");
    assert_eq!(field(&m, "pages_hostname"), "\"github.io\"");
    assert_eq!(
        field(&m, "zip_url"),
        "\"https://github.com/foo/bar/zipball/gh-pages\""
    );
    assert_eq!(field(&m, "contributors"), "false");
    assert!(matches!(m.get("public_repositories"), Some(Err(_))));
    let mut raw = Map::default();
    raw.insert("baseurl".into(), Value::from("/"));
    m.munge_config(&mut raw);
    assert_eq!(dbg(raw.get("title")), "\"bar\"");
    assert_eq!(dbg(raw.get("url")), "\"https://github.com\"");
    assert_eq!(dbg(raw.get("baseurl")), "\"/pages/foo/bar\"");
    let log: Vec<String> = m.take_log().iter().map(LogLine::formatted).collect();
    assert_eq!(log[0], format!("   GitHub Metadata: {NO_AUTH_WARNING}"));
}

#[test]
fn user_page_depends_on_pages_hostname() {
    // development: the Pages hostname is localhost:4000
    let m = meta(Some("Foo/Foo.github.io"), "development", &[]);
    assert_eq!(field(&m, "is_user_page"), "false");
    let m = meta(Some("Foo/Foo.github.io"), "production", &[]);
    assert_eq!(field(&m, "is_user_page"), "true");
    assert_eq!(field(&m, "url"), "\"https://github.com/pages/Foo\"");
    let m = meta(Some("foo/bar"), "production", &[("PAGES_ENV", "dotcom")]);
    assert_eq!(field(&m, "url"), "\"http://foo.github.io/bar\"");
}

#[test]
fn no_repository() {
    let m = meta(None, "development", &[]);
    assert_eq!(
        m.get("url").and_then(Result::err).as_deref(),
        Some(NO_REPOSITORY)
    );
    assert_eq!(field(&m, "environment"), "\"development\"");
    let mut raw = Map::default();
    raw.insert("name".into(), Value::from("N"));
    m.munge_config(&mut raw);
    assert!(!raw.contains_key("title"));
    assert_eq!(m.config_access("title"), Ok(()));
    assert_eq!(
        m.config_access("description"),
        Err(NO_REPOSITORY.to_string())
    );
    let log = m.take_log();
    assert_eq!(log[0].message, SITE_NAME_WARNING);
    assert_eq!(log.last().map(|l| l.level), Some("error"));
    // the drop records what a read raises, and stops there
    let gh = m.site_github(&Map::default()).unwrap_or_default();
    assert!(gh.get("url").is_nil());
    assert_eq!(m.take_errors(), vec![NO_REPOSITORY.to_string()]);
    // a `github:` hash aborts pre_render
    let mut config = Map::default();
    config.insert("github".into(), Value::hash(Map::default()));
    assert_eq!(m.site_github(&config).err().as_deref(), Some(NO_REPOSITORY));
}
