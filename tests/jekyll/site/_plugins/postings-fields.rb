# SPDX-License-Identifier: GPL-3.0-or-later
#
# Test-only plugin: after the site is written, dumps what Jekyll read from
# the front matter of every published posting into
# fields/<file name>.json, so tests can compare exact values and types.
#
#   source, url, output   where the posting came from and where it went
#   date                  the posting's date as Jekyll uses it (permalink)
#   keys                  the front-matter keys, in file order
#   yaml                  each key's value as YAML reads it (type + value)
#   data                  each key's value as the layout sees it (page.KEY)
#
# The "yaml" view re-reads the front matter with the same expression and
# loader Jekyll uses; "data" is Jekyll's own document data after its
# conversions (e.g. `date` becomes a Time in the site's time zone).

require "json"
require "fileutils"

module PostingsFields
  module_function

  def typed(value)
    case value
    when Array
      { "type" => "Array", "value" => value.map { |item| typed(item) } }
    when Hash
      { "type" => "Hash",
        "value" => value.each_with_object({}) { |(k, v), h| h[k.to_s] = typed(v) } }
    when Time
      { "type" => "Time", "value" => value.iso8601(6) }
    when Date
      { "type" => "Date", "value" => value.iso8601 }
    when String, Integer, TrueClass, FalseClass, NilClass
      { "type" => value.class.name, "value" => value }
    else
      { "type" => value.class.name, "value" => value.to_s }
    end
  end

  # Debian's Jekyll loads front matter with Utils.safe_load_yaml (Psych),
  # upstream Jekyll 4.3 with SafeYAML: use whichever this Jekyll uses.
  def load_yaml(text)
    if Jekyll::Utils.respond_to?(:safe_load_yaml)
      Jekyll::Utils.safe_load_yaml(text)
    else
      SafeYAML.load(text)
    end
  end

  def front_matter(doc)
    text = File.read(doc.path, **Jekyll::Utils.merged_file_read_opts(doc.site, {}))
    match = Jekyll::Document::YAML_FRONT_MATTER_REGEXP.match(text)
    return nil unless match

    loaded = load_yaml(match[1])
    loaded.is_a?(Hash) ? loaded : nil
  rescue StandardError => e
    Jekyll.logger.warn "Postings fields:", "#{doc.relative_path}: #{e.message}"
    nil
  end

  def record(site, doc)
    front = front_matter(doc) || {}
    {
      "source" => doc.relative_path,
      "url" => doc.url,
      "output" => doc.destination(site.dest).delete_prefix(site.dest),
      "date" => typed(doc.date)["value"],
      "keys" => front.keys.map(&:to_s),
      "yaml" => front.each_with_object({}) { |(k, v), h| h[k.to_s] = typed(v) },
      "data" => front.keys.each_with_object({}) { |k, h| h[k.to_s] = typed(doc.data[k]) },
    }
  end
end

Jekyll::Hooks.register :site, :post_write do |site|
  jobs = site.collections["jobs"]
  next unless jobs

  dir = File.join(site.dest, "fields")
  FileUtils.mkdir_p(dir)
  jobs.docs.each do |doc|
    next unless doc.write?

    path = File.join(dir, File.basename(doc.relative_path) + ".json")
    File.write(path, JSON.pretty_generate(PostingsFields.record(site, doc)) + "\n")
  end
end
