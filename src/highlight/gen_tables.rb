# Regenerates src/highlight/tables/*.rs from the installed rouge 3.30:
#   ruby src/highlight/gen_tables.rb [LEXER...] && rustfmt --edition 2021 src/highlight/mod.rs
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
  'docker' => Rouge::Lexers::Docker, 'lua' => Rouge::Lexers::Lua, 'liquid' => Rouge::Lexers::Liquid, 'ruby' => Rouge::Lexers::Ruby,
  'jsx' => Rouge::Lexers::JSX, 'tsx' => Rouge::Lexers::TSX,
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
  'lua' => %i[builtins],
}
# Lexers whose every Ruby block is plain calls (see SCAN=1): data only.
AUTO = %w[applescript armasm bbcbasic bsl cmhg conf csvs d eiffel elm fluent gdscript hocon jsl
          json-doc kotlin mosel msgtrans nasm nim pascal plist postscript properties ssh systemd
          tap turtle vala xojo gradle groovy viml swift abap augeas awk clean haskell igorpro isabelle m68k powershell sieve brainfuck cuda email freefem glsl hlsl prolog slice solidity apex brightscript cypher dart datastudio fsharp ghc-cmm idlang io lean lustre lutin mathematica nesasm nial ocaml openedge perl pony reasonml rescript stan ttcn3 typescript verilog vhdl yang actionscript cfscript coffeescript dafny hql jsonnet llvm minizinc ocl opentype_feature_file prometheus puppet qml racket rego scheme scss sparql stata supercollider syzlang syzprog bpf erlang ghc-core idris magik nginx praat protobuf scala smalltalk tulip xpath]
AUTO.each { |tag| LEXERS[tag.tr('-', '_')] = Rouge::Lexer.find(tag) }

# Lexers whose Ruby blocks are all ported by hand (ids kept stable).
HAND = %w[shell python yaml json markdown html xml javascript css c cpp matlab r ini tex bibtex
          diff sql java go csharp julia toml rust fortran docker liquid ruby lua]
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

def tok_of(lines, n, cb = nil)
  text = node_text(lines, n)
  tok = begin
    cb&.binding&.eval(text)
  rescue StandardError, ScriptError
    nil
  end
  tok = Rouge::Token::Tokens.module_eval(text) unless tok.respond_to?(:shortname)
  tok.shortname.inspect
rescue StandardError, ScriptError
  nil
end

def args_of(n)
  a = n.children[1]
  return [] if a.nil?
  return nil unless a.type == :LIST
  a.children.compact
end

# A Ruby block made only of groups/token/push/pop!/goto/reset_stack calls
# and if/elsif chains testing a word (`m[0]`, maybe down/upcased) for
# membership in a word list or equality with a string, as `Op`s; nil for
# anything else.
def ops_of(cb, idx, klass = nil)
  ast = RubyVM::AbstractSyntaxTree.of(cb) rescue nil
  return nil unless ast
  file, = cb.source_location
  lines = File.readlines(file)
  ctx = { lines: lines, idx: idx, cb: cb, vars: {}, vals: {}, klass: klass }
  ops = stmts_ops(ctx, ast.children.last) or return nil
  "A::Ops(#{ops})"
end

def stmts_ops(ctx, body)
  stmts = body.nil? ? [] : (body.type == :BLOCK ? body.children : [body])
  ops = []
  stmts.each do |st|
    r = stmt_op(ctx, st)
    return nil if r.nil?
    ops << r unless r == :skip
  end
  "&[#{ops.join(', ')}]"
end

# `m[n]`, `m[n].downcase`, `m[n].upcase` or a variable set to one: [n, case]
def word_of(ctx, n)
  return ctx[:vars][n.children[0]] if %i[DVAR LVAR].include?(n.type)
  if n.type == :CALL && %i[downcase upcase].include?(n.children[1]) && n.children[2].nil?
    w = word_of(ctx, n.children[0]) or return nil
    return nil unless w[1] == 'Case::Keep'
    return [w[0], n.children[1] == :downcase ? 'Case::Down' : 'Case::Up']
  end
  if n.type == :CALL && n.children[1] == :[] && %i[DVAR LVAR].include?(n.children[0].type)
    lit = n.children[2]&.children&.first
    return [lit.children[0], 'Case::Keep'] if lit&.type == :LIT && lit.children[0].is_a?(Integer)
  end
  nil
end

def const_in(klass, name)
  klass.const_get(name)
rescue NameError
  Rouge::Lexers.const_get(name)
end

# The value of a side-effect-free expression over the lexer class:
# `self.class.x`, `Const`, `Const.x`, a captured variable, `v[:key]`.
def eval_node(ctx, n)
  klass = ctx[:klass]
  case n.type
  when :SELF then :self
  when :CONST then const_in(klass, n.children[0])
  when :DVAR, :LVAR
    return ctx[:vals][n.children[0]] if ctx[:vals].key?(n.children[0])
    ctx[:cb].binding.local_variable_get(n.children[0])
  when :LIT then n.children[0]
  when :CALL
    recv, meth, args = n.children
    r = eval_node(ctx, recv)
    if r == :self
      return klass if meth == :class && args.nil?
      # an instance's word list, as a lexer with default options has it
      inst = klass.new
      return :fail unless args.nil? && inst.respond_to?(meth) && inst.method(meth).arity.zero?
      return inst.send(meth)
    end
    return :fail if r == :fail
    if meth == :[] && args
      a = args.children.compact
      return :fail unless a.size == 1
      k = eval_node(ctx, a[0])
      return :fail if k == :fail
      return r[k]
    end
    return :fail unless args.nil?
    r.send(meth)
  else :fail
  end
rescue StandardError
  :fail
end

def list_of(ctx, n)
  val = eval_node(ctx, n)
  return nil if val == :fail || val.nil? || !val.respond_to?(:to_a) || val.is_a?(Hash)
  words = val.to_a
  return nil unless words.all? { |w| w.is_a?(String) || w.is_a?(Symbol) }
  words.map(&:to_s).uniq.sort_by(&:b)
rescue StandardError
  nil
end

def cond_of(ctx, c)
  case c.type
  when :CALL
    if c.children[1] == :nil? && c.children[2].nil?
      w = word_of(ctx, c.children[0]) or return nil
      return "Cond::Nil(#{w[0]})" if w[1] == 'Case::Keep'
      return nil
    end
    if c.children[1] == :! && c.children[2].nil?
      inner = cond_of(ctx, c.children[0]) or return nil
      return "Cond::Not(&#{inner})"
    end
    return nil unless c.children[1] == :include?
    args = c.children[2]&.children&.compact or return nil
    return nil unless args.size == 1
    w = word_of(ctx, args[0]) or return nil
    words = list_of(ctx, c.children[0]) or return nil
    "Cond::In(&[#{words.map(&:inspect).join(', ')}], #{w[0]}, #{w[1]})"
  when :OPCALL
    args = c.children[2]&.children&.compact or return nil
    return nil unless args.size == 1
    w = word_of(ctx, c.children[0]) or return nil
    case c.children[1]
    when :==, :!=
      return nil unless args[0].type == :STR
      eq = "Cond::Eq(#{args[0].children[0].inspect}, #{w[0]}, #{w[1]})"
      c.children[1] == :== ? eq : "Cond::Not(&#{eq})"
    when :=~
      return nil unless args[0].type == :LIT && args[0].children[0].is_a?(Regexp)
      re = args[0].children[0]
      "Cond::Re(#{rs_str(re.source)}, #{re.options & 7}, #{w[0]}, #{w[1]})"
    end
  when :MATCH3 # `word =~ /re/`
    re_node, w_node = c.children
    return nil unless re_node.type == :LIT && re_node.children[0].is_a?(Regexp)
    w = word_of(ctx, w_node) or return nil
    re = re_node.children[0]
    "Cond::Re(#{rs_str(re.source)}, #{re.options & 7}, #{w[0]}, #{w[1]})"
  when :OR, :AND
    # a chain `a || b || c` is one node with every operand
    parts = c.children.compact.map { |x| cond_of(ctx, x) }
    return nil if parts.any?(&:nil?)
    "Cond::#{c.type == :OR ? 'Or' : 'And'}(&[#{parts.join(', ')}])"
  end
end

def stmt_op(ctx, st)
  lines = ctx[:lines]
  idx = ctx[:idx]
  # `puts ... if @debug`
  return :skip if st.type == :IF && st.children[0].type == :IVAR && st.children[0].children[0] == :@debug
  case st.type
  when :DASGN_CURR, :DASGN, :LASGN
    if (w = word_of(ctx, st.children[1]))
      ctx[:vars][st.children[0]] = w
    else
      v = eval_node(ctx, st.children[1])
      return nil if v == :fail
      ctx[:vals][st.children[0]] = v
    end
    :skip
  when :IF, :UNLESS
    c = cond_of(ctx, st.children[0]) or return nil
    t = stmts_ops(ctx, st.children[1]) or return nil
    e = stmts_ops(ctx, st.children[2]) or return nil
    t, e = e, t if st.type == :UNLESS
    "Op::If(#{c}, #{t}, #{e})"
  when :VCALL
    case st.children[0]
    when :pop! then 'Op::Pop(1)'
    when :push then 'Op::PushSelf'
    when :reset_stack then 'Op::Reset'
    end
  when :FCALL
    args = args_of(st) or return nil
    if args.empty?
      return case st.children[0]
             when :pop! then 'Op::Pop(1)'
             when :push then 'Op::PushSelf'
             when :reset_stack then 'Op::Reset'
             end
    end
    case st.children[0]
    when :groups
      toks = args.map { |a| tok_of(lines, a, ctx[:cb]) }
      return nil if toks.any?(&:nil?)
      "Op::Groups(&[#{toks.join(', ')}])"
    when :token
      tok = args[0] && tok_of(lines, args[0], ctx[:cb]) or return nil
      if args.size == 1
        "Op::Token(#{tok})"
      elsif args.size == 2 && (w = word_of(ctx, args[1])) && w[1] == 'Case::Keep'
        "Op::TokenGroup(#{tok}, #{w[0]})"
      end
    when :recurse, :delegate
      # a fresh lexer of the same class on a group: `recurse m[n]`,
      # `delegate ThisLexer, m[n]`
      target, text = st.children[0] == :recurse ? [nil, args[0]] : args
      return nil unless text && args.size == (st.children[0] == :recurse ? 1 : 2)
      if target && target.type == :CALL && target.children[0].type == :SELF && target.children[1] == :clone
        # `self.clone` shares the stack: the same machine lexes the group
        w = word_of(ctx, text) or return nil
        return "Op::LexSelf(#{w[0]})"
      end
      if target
        return nil unless target.type == :CONST && (const_in(ctx[:klass], target.children[0]) rescue nil) == ctx[:klass]
      end
      w = word_of(ctx, text) or return nil
      return nil unless w[1] == 'Case::Keep'
      "Op::Recurse(#{w[0]})"
    when :push, :goto
      return nil unless args.size == 1 && args[0].type == :LIT && args[0].children[0].is_a?(Symbol)
      i = idx[args[0].children[0].to_s] or return nil
      st.children[0] == :push ? "Op::Push(#{i})" : "Op::Goto(#{i})"
    when :pop!
      return nil unless args.size == 1 && args[0].type == :LIT && args[0].children[0].is_a?(Integer)
      "Op::Pop(#{args[0].children[0]})"
    end
  end
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
          bad += 1 unless ops_of(r.callback, idx, klass)
        end
      end
      starts = klass.start_procs.to_a.count { |pr| ops_of(pr, idx, klass).nil? }
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
  names = (names + all.map(&:to_s)).uniq
  # and every state a rule pushes or mixes in
  queue = names.dup
  until queue.empty?
    st = (klass.get_state(queue.shift) rescue nil) or next
    st.rules.each do |r|
      found = if r.is_a?(Rouge::RegexLexer::State)
                r.name.to_s
              else
                file, = r.callback.source_location
                ns = file.end_with?('regex_lexer.rb') && r.callback.binding.local_variable_get(:next_state)
                ns.is_a?(Symbol) && !%i[pop! push].include?(ns) ? ns.to_s : nil
              end
      next if found.nil? || names.include?(found)
      names << found
      queue << found
    end
  end
  names = names.sort
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
    st = (klass.get_state(n) rescue Rouge::RegexLexer::State.new(n, []))
    warn "#{name}: state #{n} is pushed but not defined" if st.rules.empty?
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
          ops_of(cb, idx, klass) || "A::Cb(#{id})"
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
  starts = klass.start_procs.to_a.map { |pr| ops_of(pr, idx, klass) }
  if AUTO.include?(klass.tag)
    abort "#{name}: start block not plain" if starts.any?(&:nil?)
    body = starts.map { |o| o.sub(/\AA::Ops\(&\[/, '').sub(/\]\)\z/, '') }.reject(&:empty?).join(', ')
    lines << ''
    lines << '/// rouge\'s `start` blocks.'
    lines << "pub static START: &[Op] = &[#{body}];"
  end
  lines[lines.index('use crate::highlight::engine::{RuleDef, StateDef, A};')] =
    "use crate::highlight::engine::{#{%w[Case Cond].select { |w| lines.any? { |l| l.include?("#{w}::") } }.map { |w| w + ', ' }.join}Op, RuleDef, StateDef, A};" if lines.any? { |l| l.include?('Op::') || l.include?('[Op]') }
  lines << ''
  (SETS[name] || []).each do |m|
    list = m.to_s =~ /\A[A-Z]/ ? klass.const_get(m) : klass.send(m)
    list = klass.new.send(m) if list.is_a?(Hash) # an instance's merged list
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
