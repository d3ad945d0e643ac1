# Ruby side of benches/liquid.rs: the same publications-list template over
# the same 1000 documents (benches/liquid_bench_data.txt), in Ruby Liquid
# 5.4 (what Jekyll 4.3.1 runs).   ruby benches/liquid_bench.rb
# LIQUID_TPL='...' replaces the template (as in the Rust bench), OUT=file
# saves the output. Prints the best batch (wall) and the thread CPU time.
require 'liquid'
require 'time'

WORDS = %w[theory practice design analysis structure evolution].freeze
base = Time.utc(2000, 1, 1)
pubs = (0...1000).map do |i|
  h = {
    'title' => "Paper #{i}: On the #{WORDS[i % 6]} of #{WORDS[(i * 7) % 6]} systems",
    'category' => %w[manuscripts conferences books][i % 3],
    'date' => base + ((i * 37) % 9000) * 86_400,
  }
  h['venue'] = "Journal #{i % 17}" unless (i % 5).zero?
  h['paperurl'] = "http://example.org/p#{i}.pdf" unless (i % 4).zero?
  h['excerpt'] = "<p>Excerpt #{i} #{'lorem ipsum dolor sit amet ' * 6}</p>"
  h['url'] = "/publication/#{i}/"
  h
end
site = { 'title' => 'Jane Doe', 'baseurl' => '', 'publications' => pubs }
src = ENV['LIQUID_TPL'] || File.read(File.join(__dir__, 'liquid_templates', 'publications.liquid'))
tpl = Liquid::Template.parse(src)
env = { 'site' => site, 'page' => { 'title' => 'Publications' } }
out = tpl.render!(env)
# The machine is shared: report the best of 5 batches (and the mean).
batches = 5
iters = 5
best = Float::INFINITY
t_all = Process.clock_gettime(Process::CLOCK_MONOTONIC)
cpu0 = Process.clock_gettime(Process::CLOCK_THREAD_CPUTIME_ID)
batches.times do
  t0 = Process.clock_gettime(Process::CLOCK_MONOTONIC)
  iters.times { tpl.render!(env) }
  best = [best, (Process.clock_gettime(Process::CLOCK_MONOTONIC) - t0) * 1000.0 / iters].min
end
mean = (Process.clock_gettime(Process::CLOCK_MONOTONIC) - t_all) * 1000.0 / (batches * iters)
cpu = (Process.clock_gettime(Process::CLOCK_THREAD_CPUTIME_ID) - cpu0) * 1000.0 / (batches * iters)
printf("ruby liquid list (1000 docs): cpu %.3f ms/render\n", cpu)
printf("ruby liquid list (1000 docs): best %.3f ms/render, mean %.3f (%d bytes out)\n", best, mean, out.bytesize)
File.write(ENV['OUT'], out) if ENV['OUT']
