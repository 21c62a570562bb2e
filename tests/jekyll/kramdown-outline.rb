# SPDX-License-Identifier: GPL-3.0-or-later
#
# The block outline of postings as the site renders them: Jekyll's own
# kramdown set-up (the site's _config.yml merged with Jekyll's defaults:
# GFM input, hard_wrap false, ...), on the body Jekyll reads from each file.
#
#   ruby kramdown-outline.rb SITE_DIR FILE...
#   ruby kramdown-outline.rb --write SITE_DIR FILE...
#
# Prints one JSON object: { "FILE": { "body_line": N, "outline": [ENTRY...] } }.
# An entry is [TEXT, LINE]: TEXT is the block in the shape that
# postings_preview_block_dup_outline() gives for the preview model, LINE
# its first line in the file. With --write, writes instead FILE.outline
# beside each FILE, one TEXT a line (the fixtures of tests/data/preview/site).

require "json"
require "jekyll"

# Which table cell alignment kramdown records, as the outline names it.
ALIGNMENTS = { left: "l", right: "r", center: "c", default: "-" }.freeze

class Outline
  def initialize(body, body_line)
    @body = body
    @body_line = body_line
    @entries = []
    @list_depth = 0
    @quote_depth = 0
    @pending_item = nil
  end

  attr_reader :entries

  def emit(text, element)
    flush_item(element) unless text.start_with?("ul-item", "ol-item")
    text += " L#{@list_depth}" if @list_depth.positive?
    text += " Q#{@quote_depth}" if @quote_depth.positive?
    line = (element.options[:location] || 1) + @body_line - 1
    @entries << [text, line]
  end

  # A list item whose first block is not a paragraph: its bullet alone.
  def flush_item(element)
    return if @pending_item.nil?

    text = @pending_item
    @pending_item = nil
    emit(text, element)
  end

  def more?(element)
    element.type == :xml_comment && element.value.strip == "<!--more-->"
  end

  # The paragraph's inline elements in order, split at excerpt separators:
  # the preview shows the mark there and continues with a new paragraph
  # (see split_inline_block() in src/core/postings-preview.c).
  # In raw HTML (@raw), the preview splits at the separator even inside a
  # comment or a <style>: Jekyll cuts the excerpt there all the same.
  def segments(element, raw = false, result = [[]])
    element.children.each do |child|
      if more?(child)
        result << []
      elsif (raw ? %i[text raw xml_comment] : %i[text]).include?(child.type) &&
            child.value.include?("<!--more-->")
        child.value.split("<!--more-->", -1).each_with_index do |part, index|
          result << [] if index.positive?
          result.last << ::Kramdown::Element.new(:text, part)
        end
      else
        result.last << child
        segments(child, raw, result)
      end
    end
    result
  end

  def visible?(segment)
    segment.any? { |child| !blank_text?(child) && !break?(child) }
  end

  def break?(child)
    child.type == :br || (child.type == :html_element && child.value == "br")
  end

  def blank_text?(child)
    child.type == :text && child.value.strip.empty?
  end

  # The line breaks of a segment; next to an excerpt mark, the preview trims
  # them with the blanks there.
  def breaks(segment, first, last)
    inner = segment.dup
    inner.shift while !first && !inner.empty? && (break?(inner.first) || blank_text?(inner.first))
    inner.pop while !last && !inner.empty? && (break?(inner.last) || blank_text?(inner.last))
    inner.count { |child| break?(child) }
  end

  # A paragraph or heading (@kind) and its line breaks; after an excerpt
  # mark, the text continues as @continuation.
  def paragraph(element, kind, continuation = "p")
    parts = segments(element)
    parts.each_with_index do |segment, index|
      emit("more", element) if index.positive?
      item = index.zero? && kind.start_with?("ul-item", "ol-item")
      next unless item || parts.length == 1 || visible?(segment)

      text = index.zero? ? kind.dup : continuation.dup
      n = breaks(segment, index.zero?, index == parts.length - 1)
      text += " br=#{n}" if n.positive?
      emit(text, element)
    end
  end

  def walk(parent)
    stray = false
    parent.children.each do |element|
      # Text that no block took (kramdown keeps it without <p>): one
      # paragraph in the preview.
      if ::Kramdown::Element.category(element) == :span || element.type == :text
        emit("p", element) unless stray
        stray = true
        next
      end
      stray = false

      case element.type
      when :blank, :eob, :abbreviation, :footnote_def, :comment
        next
      when :header
        paragraph(element, "h#{element.options[:level]}", "h#{element.options[:level]}")
      when :p
        if @pending_item
          kind = @pending_item
          @pending_item = nil
          # an item's text in a <p> (kramdown keeps a tight item's "transparent")
          kind += " loose" unless element.options[:transparent]
          paragraph(element, kind)
        else
          paragraph(element, "p")
        end
      when :ul, :ol
        flush_item(element)
        @list_depth += 1
        element.children.each_with_index do |item, index|
          flush_item(item)
          @pending_item = element.type == :ul ? "ul-item" : "ol-item##{index + 1}"
          walk(item)
          flush_item(item)
        end
        @list_depth -= 1
      when :blockquote
        flush_item(element)
        @quote_depth += 1
        walk(element)
        @quote_depth -= 1
      when :dl
        walk(element)
      when :dt
        paragraph(element, "p")
      when :dd
        flush_item(element)
        @list_depth += 1
        walk(element)
        @list_depth -= 1
      when :codeblock, :math
        emit("code", element)
      when :hr
        emit("hr", element)
      when :table
        emit(table(element), element)
      when :xml_comment
        emit(element.value.strip == "<!--more-->" ? "more" : "html", element)
      when :html_element
        html(element)
      when :xml_pi, :raw
        emit("html", element)
      else
        emit(element.type.to_s, element)
      end
    end
  end

  # An HTML block: the preview shows an excerpt separator inside it as the
  # mark between the parts before and after it.
  def html(element)
    parts = segments(element, true)
    parts.each_with_index do |segment, index|
      emit("more", element) if index.positive?
      emit("html", element) if index.zero? || visible?(segment) ||
                               (index == parts.length - 1 && closed?(element))
    end
  end

  # Whether the element's closing tag follows in the source (kramdown does
  # not keep it): the last part of the HTML then shows it.
  def closed?(element)
    rest = @body.lines.drop((element.options[:location] || 1) - 1).join
    rest.downcase.include?("</#{element.value.downcase}")
  end

  # "table 3x2 l-r": columns x body rows, then the alignments.
  def table(element)
    alignment = element.options[:alignment] || []
    rows = element.children.reject { |part| part.type == :thead }.sum { |part| part.children.length }
    "table #{alignment.length}x#{rows} #{alignment.map { |a| ALIGNMENTS.fetch(a, "?") }.join}"
  end
end

write = ARGV.first == "--write"
ARGV.shift if write
site_dir = ARGV.shift
config = Jekyll.configuration("source" => site_dir, "quiet" => true)
parser = Jekyll::Converters::Markdown::KramdownParser.new(config)
kramdown_options = parser.instance_variable_get(:@config)

result = {}
ARGV.each do |path|
  text = File.read(path, encoding: "bom|utf-8")
  body = text
  body_line = 1
  if text =~ Jekyll::Document::YAML_FRONT_MATTER_REGEXP
    body = Regexp.last_match.post_match
    body_line = Regexp.last_match.pre_match.count("\n") + Regexp.last_match[0].count("\n") + 1
  end
  document = Kramdown::JekyllDocument.new(body, kramdown_options)
  outline = Outline.new(body, body_line)
  outline.walk(document.root)
  outline.flush_item(document.root)
  result[path] = { "body_line" => body_line, "outline" => outline.entries }
  File.write("#{path}.outline", outline.entries.map { |entry| "#{entry[0]}\n" }.join) if write
end

puts JSON.generate(result) unless write
