use super::*;

const GH: &str = "https://github.com";

fn link(login: &str) -> String {
    format!("<a href=\"https://github.com/{login}\" class=\"user-mention\">@{login}</a>")
}

#[test]
fn boundaries() {
    assert_eq!(
        mentionify("<p>hi @foo.</p>", GH),
        format!("<p>hi {}.</p>", link("foo"))
    );
    for s in [
        "<p>@x.y</p>",
        "<p>a@b.com</p>",
        "<p>@foo/bar</p>",
        "<p>@mention</p>",
        "<p>@-x</p>",
    ] {
        assert_eq!(mentionify(s, GH), s);
    }
    assert_eq!(
        mentionify("<p>@a@b</p>", GH),
        format!("<p>{}@b</p>", link("a"))
    );
    assert_eq!(
        mentionify("<p>@x..y</p>", GH),
        format!("<p>{}..y</p>", link("x"))
    );
}

#[test]
fn skipped_elements_and_body() {
    let s =
        "<pre>@a</pre><code>@b</code><a href=\"#\">@c</a><script>\"@d\"</script><span>@e</span>";
    let want = format!(
        "<pre>@a</pre><code>@b</code><a href=\"#\">@c</a><script>\"@d\"</script><span>{}</span>",
        link("e")
    );
    assert_eq!(mentionify(s, GH), want);
    // only the body; the head keeps its @
    let page = "<head><meta content=\"@site\"></head><body>\n  <p>@me</p>\n</body>";
    assert_eq!(
        mentionify(page, GH),
        format!(
            "<head><meta content=\"@site\"></head><body>\n  <p>{}</p>\n</body>",
            link("me")
        )
    );
    // a changed text node is written as Nokogiri writes it (and an
    // output without a plain `@` mention is left alone)
    assert_eq!(mentionify("<p>&#64;x</p>", GH), "<p>&#64;x</p>");
    assert_eq!(
        mentionify("<p>@y &#64;x&nbsp;&gt;</p>", GH),
        format!("<p>{} {}\u{a0}&gt;</p>", link("y"), link("x"))
    );
    // libxml2's newlines in a block element
    assert_eq!(
        mentionify("<li>@a b</li>", GH),
        format!("<li>\n{} b</li>", link("a"))
    );
}

#[test]
fn base() {
    let none = |_: &str| None;
    assert_eq!(base_url(None, &none).as_deref(), Ok(GH));
    let ghe = |k: &str| match k {
        "SSL" => Some("true".to_string()),
        "GITHUB_HOSTNAME" => Some("ghe.example.com/".to_string()),
        _ => None,
    };
    assert_eq!(
        base_url(None, &ghe).as_deref(),
        Ok("https://ghe.example.com")
    );
    assert!(base_url(Some(&Value::Bool(false)), &none).is_err());
    assert_eq!(
        mentionify("<p>@x</p>", "https://x.com/u~"),
        "<p><a href=\"https://x.com/u~x\" class=\"user-mention\">@x</a></p>"
    );
}
