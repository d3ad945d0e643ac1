# Regenerates src/highlight/tables/*.rs from the installed rouge 3.30:
#   ruby src/highlight/gen_tables.rb [LEXER...] && cargo fmt
# Each lexer's states are read from the loaded classes, so the regexes are
# exactly rouge's (interpolations resolved). Rules with custom Ruby blocks
# become `A::Cb(line)` and are ported by hand in src/highlight/lexers/.
require 'rouge'

LEXERS = {
  'shell' => Rouge::Lexers::Shell, 'python' => Rouge::Lexers::Python,
  'yaml' => Rouge::Lexers::YAML, 'json' => Rouge::Lexers::JSON,
  'markdown' => Rouge::Lexers::Markdown, 'html' => Rouge::Lexers::HTML,
  'xml' => Rouge::Lexers::XML, 'javascript' => Rouge::Lexers::Javascript,
  'css' => Rouge::Lexers::CSS, 'c' => Rouge::Lexers::C, 'cpp' => Rouge::Lexers::Cpp,
  'matlab' => Rouge::Lexers::Matlab, 'r' => Rouge::Lexers::R, 'ini' => Rouge::Lexers::INI,
  'tex' => Rouge::Lexers::TeX, 'bibtex' => Rouge::Lexers::BibTeX,
  'diff' => Rouge::Lexers::Diff, 'sql' => Rouge::Lexers::SQL, 'java' => Rouge::Lexers::Java,
  'go' => Rouge::Lexers::Go, 'csharp' => Rouge::Lexers::CSharp, 'julia' => Rouge::Lexers::Julia,
  'toml' => Rouge::Lexers::TOML, 'rust' => Rouge::Lexers::Rust, 'fortran' => Rouge::Lexers::Fortran,
  'docker' => Rouge::Lexers::Docker, 'liquid' => Rouge::Lexers::Liquid, 'ruby' => Rouge::Lexers::Ruby,
}
# Word lists that Ruby blocks consult (class methods), dumped sorted.
SETS = {
  'python' => %i[keywords exceptions builtins builtins_pseudo],
  'javascript' => %i[keywords declarations reserved constants builtins],
  'css' => %i[attributes builtins constants vendor_prefixes],
  'c' => %i[keywords keywords_type reserved builtins],
  'cpp' => %i[keywords keywords_type reserved builtins],
  'matlab' => %i[keywords builtins],
  'r' => %i[KEYWORDS KEYWORD_CONSTANTS BUILTIN_CONSTANTS],
  'sql' => %i[keywords keywords_type],
  'rust' => %i[builtins],
  'fortran' => %i[keywords types intrinsics],
}
# Lexers whose every Ruby block is plain calls (see SCAN=1): data only.
AUTO = %w[applescript armasm bbcbasic bsl cmhg conf csvs d eiffel elm fluent gdscript hocon jsl
          json-doc kotlin mosel msgtrans nasm nim pascal plist postscript properties ssh systemd
          tap turtle vala xojo bpf erlang ghc-core idris magik nginx praat protobuf scala smalltalk tulip xpath]
AUTO.each { |tag| LEXERS[tag.tr('-', '_')] = Rouge::Lexer.find(tag) }

# Lexers whose Ruby blocks are all ported by hand (ids kept stable).
HAND = %w[shell python yaml json markdown html xml javascript css c cpp matlab r ini tex bibtex
          diff sql java go csharp julia toml rust fortran docker liquid ruby]
only = ARGV
out_dir = File.join(__dir__, 'tables')

# Node source text, for token expressions.
def node_text(lines, n)
  if n.first_lineno == n.last_lineno
    lines[n.first_lineno - 1][n.first_column...n.last_column]
  else
    first = lines[n.first_lineno - 1][n.first_column..]
    mid = lines[n.first_lineno...(n.last_lineno - 1)].join
    last = lines[n.last_lineno - 1][0...n.last_column]
    first + mid + last
  end
end

def tok_of(lines, n)
  Rouge::Token::Tokens.module_eval(node_text(lines, n)).shortname.inspect
rescue StandardError, ScriptError
  nil
end

def args_of(n)
  a = n.children[1]
  return [] if a.nil?
  return nil unless a.type == :LIST
  a.children.compact
end

# A Ruby block made only of groups/token/push/pop!/goto/reset_stack calls,
# as `Op`s; nil for anything else.
def ops_of(cb, idx)
  ast = RubyVM::AbstractSyntaxTree.of(cb) rescue nil
  return nil unless ast
  file, = cb.source_location
  lines = File.readlines(file)
  body = ast.children.last
  stmts = body.nil? ? [] : (body.type == :BLOCK ? body.children : [body])
  ops = []
  stmts.each do |st|
    # `puts ... if @debug`
    next if st.type == :IF && st.children[0].type == :IVAR && st.children[0].children[0] == :@debug
    case st.type
    when :VCALL
      case st.children[0]
      when :pop! then ops << 'Op::Pop(1)'
      when :push then ops << 'Op::PushSelf'
      when :reset_stack then ops << 'Op::Reset'
      else return nil
      end
    when :FCALL
      args = args_of(st) or return nil
      if args.empty?
        case st.children[0]
        when :pop! then ops << 'Op::Pop(1)'
        when :push then ops << 'Op::PushSelf'
        when :reset_stack then ops << 'Op::Reset'
        else return nil
        end
        next
      end
      case st.children[0]
      when :groups
        toks = args.map { |a| tok_of(lines, a) }
        return nil if toks.any?(&:nil?)
        ops << "Op::Groups(&[#{toks.join(', ')}])"
      when :token
        tok = args[0] && tok_of(lines, args[0]) or return nil
        if args.size == 1
          ops << "Op::Token(#{tok})"
        elsif args.size == 2 && args[1].type == :CALL && args[1].children[1] == :[] &&
              (lit = args[1].children[2]&.children&.first) && lit.type == :LIT && lit.children[0].is_a?(Integer)
          ops << "Op::TokenGroup(#{tok}, #{lit.children[0]})"
        else
          return nil
        end
      when :push, :goto
        return nil unless args.size == 1 && args[0].type == :LIT && args[0].children[0].is_a?(Symbol)
        i = idx[args[0].children[0].to_s] or return nil
        ops << (st.children[0] == :push ? "Op::Push(#{i})" : "Op::Goto(#{i})")
      when :pop!
        return nil unless args.size == 1 && args[0].type == :LIT && args[0].children[0].is_a?(Integer)
        ops << "Op::Pop(#{args[0].children[0]})"
      else
        return nil
      end
    else
      return nil
    end
  end
  "A::Ops(&[#{ops.join(', ')}])"
end

def rs_str(s)
  n = 1
  n += 1 while s.include?('"' + '#' * n)
  "r#{'#' * n}\"#{s}\"#{'#' * n}"
end

if ENV['SCAN']
  # list lexers whose every Ruby block is plain calls
  Rouge::Lexer.all.sort_by(&:tag).each do |klass|
    next unless klass < Rouge::RegexLexer
    next if LEXERS.key?(klass.tag)
    begin
      names = klass.state_definitions.keys.map(&:to_s)
      idx = names.each_with_index.to_h
      bad = 0
      names.each do |n|
        klass.get_state(n).rules.each do |r|
          next if r.is_a?(Rouge::RegexLexer::State)
          f, = r.callback.source_location
          next if f.end_with?('regex_lexer.rb')
          bad += 1 unless ops_of(r.callback, idx)
        end
      end
      starts = klass.start_procs.to_a.size
      own = (klass.instance_methods(false) - [:stream_tokens]).size
      custom_stream = klass.instance_method(:stream_tokens).owner != Rouge::RegexLexer
      puts [klass.tag, bad, starts, own, custom_stream].join("\t") unless AUTO.include?(klass.tag)
    rescue StandardError => e
      puts [klass.tag, 'error', e.class].join("\t")
    end
  end
  exit
end

LEXERS.each do |name, klass|
  next unless only.empty? || only.include?(name)
  names = klass.state_definitions.keys.map(&:to_s).sort
  # state_definitions is inheritable: collect keys from ancestors too
  k = klass
  all = []
  while k.respond_to?(:state_definitions) && k != Rouge::RegexLexer
    all.concat(k.state_definitions.instance_variable_get(:@hash)&.keys || [])
    k = k.superclass
  end
  names = (names + all.map(&:to_s)).uniq.sort
  names.delete('root'); names.unshift('root')
  idx = names.each_with_index.to_h
  src_lines = {}
  lines = []
  lines << "//! rouge 3.30's `#{klass.tag}` lexer states, generated by src/highlight/gen_tables.rb: do not edit."
  lines << "//! `Cb(n)` rules run the hand-ported Ruby block at line n of rouge's lexers/#{name}.rb (n > 10000: a parent lexer's file)." unless AUTO.include?(klass.tag)
  lines << ''
  lines << '#![allow(dead_code)] // every state gets a constant, not all are named in code'
  lines << ''
  lines << 'use crate::highlight::engine::{RuleDef, StateDef, A};'
  lines << ''
  names.each { |n| lines << "pub const #{n.upcase}: usize = #{idx[n]};" }
  lines << ''
  lines << 'pub static STATES: &[StateDef] = &['
  names.each do |n|
    st = klass.get_state(n)
    lines << "    StateDef {"
    lines << "        name: #{n.inspect},"
    lines << "        rules: &["
    st.rules.each do |r|
      if r.is_a?(Rouge::RegexLexer::State)
        lines << "            RuleDef { re: \"\", opts: 0, bol: false, act: A::Mixin(#{idx.fetch(r.name.to_s)}) },"
        next
      end
      cb = r.callback
      file, line = cb.source_location
      act = if file.end_with?('regex_lexer.rb')
        b = cb.binding
        tok = b.local_variable_get(:tok).shortname
        ns = b.local_variable_get(:next_state)
        case ns
        when nil then "A::Tok(#{tok.inspect})"
        when :pop! then "A::Pop(#{tok.inspect})"
        when :push then "A::PushSelf(#{tok.inspect})"
        else "A::Push(#{tok.inspect}, #{idx.fetch(ns.to_s)})"
        end
      else
        text = File.readlines(file)[line - 1].strip
        id = File.basename(file) == "#{name}.rb" ? line : 10_000 + line
        id = line if AUTO.include?(klass.tag)
        src_lines[id] = "#{File.basename(file)}:#{line}: #{text}"
        if !HAND.include?(name)
          ops_of(cb, idx) || "A::Cb(#{id})"
        elsif text =~ /\{ *pop! *\}$/
          "A::Pop(\"\")"
        elsif text =~ /\{ *push :(\w+) *\}$/
          "A::Push(\"\", #{idx.fetch($1)})"
        else
          "A::Cb(#{id})"
        end
      end
      lines << "            RuleDef { re: #{rs_str(r.re.source)}, opts: #{r.re.options & 7}, bol: #{r.beginning_of_line}, act: #{act} },"
    end
    lines << "        ],"
    lines << "    },"
  end
  lines << '];'
  lines[lines.index('use crate::highlight::engine::{RuleDef, StateDef, A};')] =
    'use crate::highlight::engine::{Op, RuleDef, StateDef, A};' if lines.any? { |l| l.include?('Op::') }
  lines << ''
  (SETS[name] || []).each do |m|
    list = m.to_s =~ /\A[A-Z]/ ? klass.const_get(m) : klass.send(m)
    words = list.to_a.map(&:to_s).sort_by(&:b)
    lines << ''
    lines << "/// `#{klass.name}.#{m}`, sorted."
    lines << "pub static #{m.to_s.upcase}: &[&str] = &["
    words.each_slice(6) { |ws| lines << "    " + ws.map(&:inspect).join(', ') + ',' }
    lines << '];'
  end
  lines << ''
  lines << '// Ruby blocks (id: file:line: first source line):'
  src_lines.sort.each { |l, s| lines << "// #{l}: #{s}" }
  File.write(File.join(out_dir, "#{name}.rs"), lines.join("\n") + "\n")
end

# The alias registry (`Rouge::Lexer.find`) for `find_lexer`.
reg = Rouge::Lexer.send(:registry).sort_by { |k, _| k.b }
lines = ["//! rouge 3.30's lexer registry (name or alias → tag), generated by src/highlight/gen_tables.rb: do not edit.", '',
         '/// Sorted by name (bytewise).', 'pub static REGISTRY: &[(&str, &str)] = &[']
reg.each { |k, v| lines << "    (#{k.inspect}, #{v.tag.inspect})," }
lines << '];'
File.write(File.join(__dir__, 'registry.rs'), lines.join("\n") + "\n") if only.empty?
