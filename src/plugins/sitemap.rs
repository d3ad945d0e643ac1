//! jekyll-sitemap: `sitemap.xml` of every output page, and `robots.txt`.

use crate::liquid::{Map, Value};
use crate::site::drops::StaticDrop;
use crate::site::Site;

const SITEMAP: &str = include_str!("templates/sitemap.xml");
const ROBOTS: &str = include_str!("templates/robots.txt");

fn exists(site: &Site, file: &str) -> bool {
    let url = format!("/{file}");
    site.pages.iter().any(|&i| site.docs[i].url == url)
        || site.static_files.iter().any(|f| f.url == url)
}

pub fn generate(site: &mut Site) -> crate::error::Result<()> {
    let need_sitemap = !exists(site, "sitemap.xml");
    let need_robots = !exists(site, "robots.txt");
    if need_sitemap {
        let statics: Vec<Value> = site
            .static_files
            .iter()
            .filter(|f| matches!(f.extname.as_str(), ".htm" | ".html" | ".xhtml" | ".pdf"))
            .map(StaticDrop::value)
            .collect();
        let mut data = Map::default();
        data.insert("layout".into(), Value::Nil);
        data.insert("static_files".into(), Value::array(statics));
        data.insert("xsl".into(), Value::Bool(exists(site, "sitemap.xsl")));
        super::add_page(site, "", "sitemap.xml", super::minify(SITEMAP, true), data)?;
    }
    if need_robots {
        let mut data = Map::default();
        data.insert("layout".into(), Value::Nil);
        super::add_page(site, "", "robots.txt", ROBOTS.to_string(), data)?;
    }
    Ok(())
}
