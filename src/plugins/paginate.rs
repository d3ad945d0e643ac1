//! jekyll-paginate: `paginate: N` splits `site.posts` over `index.html` and
//! `paginate_path` pages, each with a `paginator`.

use crate::liquid::{Map, Value};
use crate::site::Site;

fn paginate_path(site: &Site, first_url: &str, num: usize) -> Option<String> {
    if num == 0 {
        return None;
    }
    if num <= 1 {
        return Some(first_url.to_string());
    }
    let fmt = site
        .config
        .get("paginate_path")
        .as_str()
        .unwrap_or("/page:num")
        .replacen(":num", &num.to_string(), 1);
    Some(if fmt.starts_with('/') {
        fmt
    } else {
        format!("/{fmt}")
    })
}

pub fn generate(site: &mut Site) -> crate::error::Result<()> {
    let per_page = match site.config.get("paginate") {
        Value::Int(n) if *n > 0 => *n as usize,
        Value::Str(s) => match s.parse::<usize>() {
            Ok(n) if n > 0 => n,
            _ => return Ok(()),
        },
        _ => return Ok(()),
    };
    if site.pages.is_empty() {
        return Ok(());
    }
    // the template page: an index.html in paginate_path's folder hierarchy (longest path wins)
    let ppath = site
        .config
        .get("paginate_path")
        .as_str()
        .unwrap_or("/page:num")
        .trim_start_matches('/')
        .to_string();
    let pdir = match ppath.rfind('/') {
        Some(i) => ppath[..i].to_string(),
        None => String::new(),
    };
    let mut candidates: Vec<usize> = site
        .pages
        .iter()
        .copied()
        .filter(|&i| {
            let d = &site.docs[i];
            let page_dir = match d.relative_path.rfind('/') {
                Some(i) => &d.relative_path[..i],
                None => "",
            };
            d.name == "index.html"
                && (pdir.starts_with(page_dir)
                    && (page_dir.is_empty()
                        || pdir == page_dir
                        || pdir.starts_with(&format!("{page_dir}/"))))
        })
        .collect();
    candidates.sort_by_key(|&i| std::cmp::Reverse(site.docs[i].relative_path.len()));
    let Some(&template) = candidates.first() else {
        site.warn("Pagination: Pagination is enabled, but I couldn't find an index.html page to use as the pagination template. Skipping pagination.".into());
        return Ok(());
    };
    let mut posts: Vec<usize> = site.posts().to_vec();
    posts.reverse();
    posts.retain(|&i| {
        !site.docs[i]
            .data
            .get("hidden")
            .map(|v| v.is_truthy())
            .unwrap_or(false)
    });
    let total_pages = posts.len().div_ceil(per_page);
    let first_url = site.docs[template].url.clone();
    for num in 1..=total_pages {
        let init = (num - 1) * per_page;
        let end = (init + per_page).min(posts.len());
        let ids: Vec<i64> = posts[init..end].iter().map(|&i| i as i64).collect();
        let mut m = Map::default();
        m.insert("page".into(), Value::Int(num as i64));
        m.insert("per_page".into(), Value::Int(per_page as i64));
        // resolved to drops at render time (see drops.rs: `paginator.posts`)
        m.insert(
            "__post_ids".into(),
            Value::array(ids.into_iter().map(Value::Int).collect()),
        );
        m.insert("total_posts".into(), Value::Int(posts.len() as i64));
        m.insert("total_pages".into(), Value::Int(total_pages as i64));
        let prev = if num != 1 { Some(num - 1) } else { None };
        let next = if num != total_pages {
            Some(num + 1)
        } else {
            None
        };
        m.insert(
            "previous_page".into(),
            prev.map(|n| Value::Int(n as i64)).unwrap_or(Value::Nil),
        );
        m.insert(
            "previous_page_path".into(),
            prev.and_then(|n| paginate_path(site, &first_url, n))
                .map(Value::from)
                .unwrap_or(Value::Nil),
        );
        m.insert(
            "next_page".into(),
            next.map(|n| Value::Int(n as i64)).unwrap_or(Value::Nil),
        );
        m.insert(
            "next_page_path".into(),
            next.and_then(|n| paginate_path(site, &first_url, n))
                .map(Value::from)
                .unwrap_or(Value::Nil),
        );
        let pager = Value::hash(m);
        if num == 1 {
            site.docs[template].paginator = Some(pager);
        } else {
            let t = &site.docs[template];
            let mut doc = crate::site::Document::generated(
                &t.dir,
                &t.name,
                t.content.to_string(),
                t.data.clone(),
            );
            doc.path = t.path.clone();
            doc.relative_path = t.relative_path.clone();
            doc.body_line = t.body_line;
            doc.render_liquid = t.render_liquid;
            doc.kind = crate::site::Kind::Page;
            doc.dir = paginate_path(site, &first_url, num).unwrap_or_default();
            doc.paginator = Some(pager);
            crate::site::reader::assign_page_url(&mut doc, &site.config.permalink_style)?;
            site.add_generated(doc);
        }
    }
    Ok(())
}
