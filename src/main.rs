fn main() {
    println!("hyde");
}
