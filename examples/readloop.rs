use hyde::config::{Config, Overrides};
use hyde::site::Site;
fn main() {
    let src = std::env::args().nth(1).unwrap();
    let config = Config::load(&Overrides {
        source: Some(src.into()),
        quiet: true,
        ..Overrides::default()
    })
    .unwrap();
    let memo = hyde::memo::Memo::new();
    if std::env::var_os("TRUST").is_some() {
        memo.trust_watcher();
    }
    let mut keep = Vec::new();
    for i in 0..40 {
        let t = std::time::Instant::now();
        let mut s = Site::new(config.clone());
        s.memo = Some(memo.clone());
        s.read().unwrap();
        if i % 10 == 0 {
            eprintln!("read {:.2} ms", t.elapsed().as_secs_f64() * 1000.0);
        }
        keep.push(s);
        if keep.len() > 2 {
            keep.remove(0);
        }
    }
}
