using System;
using System.Collections.Generic;
using System.Globalization;
using System.Text;

namespace Serverless.Contracts.Manifest;

/// <summary>
/// Writes split graphs as the manifest JSON of <c>serverless analyze</c>: <c>{"functions":[…]}</c> (docs/splitting.md).
/// A small writer of its own: the source generator calls it inside the compiler, where this assembly must not load
/// System.Text.Json (<see cref="ManifestReader"/> reads the same JSON back with it outside the compiler).
/// </summary>
public static class ManifestJson
{
    /// <summary>The manifest of <paramref name="graphs"/>; compact unless <paramref name="indented"/>.</summary>
    public static string Write(IEnumerable<SplitGraph> graphs, bool indented = false)
    {
        if (graphs is null)
        {
            throw new ArgumentNullException(nameof(graphs));
        }

        var w = new JsonTextWriter(indented);
        w.StartObject();
        w.Name("functions");
        w.StartArray();
        foreach (var g in graphs)
        {
            WriteGraph(w, g);
        }

        w.EndArray();
        w.EndObject();
        return w.ToString();
    }

    private static void WriteGraph(JsonTextWriter w, SplitGraph g)
    {
        w.StartObject();
        w.Name("function");
        w.String(g.Function);
        w.Name("parameters");
        w.StartArray();
        foreach (var p in g.Parameters)
        {
            w.StartObject();
            w.Name("name");
            w.String(p.Name);
            w.Name("type");
            w.String(p.Type);
            w.EndObject();
        }

        w.EndArray();
        w.Name("returnType");
        w.String(g.ReturnType);
        w.Name("annotations");
        w.StartObject();
        w.Name("geoPreference");
        if (g.Annotations.GeoPreference is { } geo)
        {
            w.StartObject();
            w.Name("regions");
            Strings(w, geo.Regions);
            w.Name("strict");
            w.Bool(geo.Strict);
            w.EndObject();
        }
        else
        {
            w.Null();
        }

        w.Name("resourceConstraint");
        if (g.Annotations.ResourceConstraint is { } rc)
        {
            w.StartObject();
            w.Name("memoryMb");
            w.Number(rc.MemoryMb);
            w.Name("timeoutSeconds");
            w.Number(rc.TimeoutSeconds);
            w.EndObject();
        }
        else
        {
            w.Null();
        }

        w.EndObject();
        w.Name("segments");
        w.StartArray();
        foreach (var s in g.Segments)
        {
            w.StartObject();
            w.Name("id");
            w.Number(s.Id);
            w.Name("startLine");
            w.Number(s.StartLine);
            w.Name("endLine");
            w.Number(s.EndLine);
            w.Name("reads");
            Strings(w, s.Reads);
            w.Name("writes");
            Strings(w, s.Writes);
            w.Name("work");
            w.Number(s.Work);
            if (s.DataReads.Count > 0)
            {
                w.Name("dataReads");
                w.StartArray(inline: true);
                foreach (var d in s.DataReads)
                {
                    w.StartObject();
                    w.Name("region");
                    w.String(d.Region);
                    w.Name("bytes");
                    w.Number(d.Bytes);
                    w.EndObject();
                }

                w.EndArray();
            }

            w.EndObject();
        }

        w.EndArray();
        w.Name("edges");
        w.StartArray();
        var edges = new List<SegmentEdge>(g.Edges);
        edges.Sort((a, b) =>
        {
            var c = a.From.CompareTo(b.From);
            if (c == 0)
            {
                c = a.To.CompareTo(b.To);
            }

            return c != 0 ? c : string.CompareOrdinal(a.Kind, b.Kind);
        });
        foreach (var e in edges)
        {
            w.StartObject();
            w.Name("from");
            w.Number(e.From);
            w.Name("to");
            w.Number(e.To);
            w.Name("kind");
            w.String(e.Kind);
            w.Name("variables");
            Strings(w, e.Variables);
            w.EndObject();
        }

        w.EndArray();
        w.Name("diagnostics");
        w.StartArray();
        foreach (var d in g.Diagnostics)
        {
            w.StartObject();
            w.Name("id");
            w.String(d.Id);
            w.Name("severity");
            w.String(d.Severity);
            w.Name("line");
            w.Number(d.Line);
            w.Name("message");
            w.String(d.Message);
            w.EndObject();
        }

        w.EndArray();
        w.EndObject();
    }

    private static void Strings(JsonTextWriter w, IEnumerable<string> values)
    {
        w.StartArray(inline: true);
        foreach (var v in values)
        {
            w.String(v);
        }

        w.EndArray();
    }

    /// <summary>Minimal JSON writer: RFC 8259 string escaping, invariant numbers, optional two-space indentation.</summary>
    private sealed class JsonTextWriter
    {
        private readonly StringBuilder _sb = new();
        private readonly bool _indented;
        private readonly Stack<(bool First, bool Inline)> _scopes = new();
        private bool _afterName;

        public JsonTextWriter(bool indented) => _indented = indented;

        public override string ToString() => _sb.ToString();

        public void StartObject() => Open('{', inline: false);

        public void EndObject() => Close('}');

        public void StartArray(bool inline = false) => Open('[', inline);

        public void EndArray() => Close(']');

        public void Name(string name)
        {
            BeforeValue();
            Escape(name);
            _sb.Append(_indented ? ": " : ":");
            _afterName = true;
        }

        public void String(string? value)
        {
            if (value is null)
            {
                Null();
                return;
            }

            BeforeValue();
            Escape(value);
        }

        public void Number(int value)
        {
            BeforeValue();
            _sb.Append(value.ToString(CultureInfo.InvariantCulture));
        }

        public void Number(long value)
        {
            BeforeValue();
            _sb.Append(value.ToString(CultureInfo.InvariantCulture));
        }

        public void Number(double value)
        {
            BeforeValue();
            if (double.IsNaN(value) || double.IsInfinity(value))
            {
                _sb.Append('0');
                return;
            }

            _sb.Append(value.ToString("R", CultureInfo.InvariantCulture));
        }

        public void Bool(bool value)
        {
            BeforeValue();
            _sb.Append(value ? "true" : "false");
        }

        public void Null()
        {
            BeforeValue();
            _sb.Append("null");
        }

        private void Open(char c, bool inline)
        {
            BeforeValue();
            _sb.Append(c);
            _scopes.Push((true, inline || (_scopes.Count > 0 && _scopes.Peek().Inline)));
        }

        private void Close(char c)
        {
            var (first, inline) = _scopes.Pop();
            if (_indented && !first && !inline)
            {
                NewLine();
            }

            _sb.Append(c);
        }

        private void BeforeValue()
        {
            if (_afterName)
            {
                _afterName = false;
                return;
            }

            if (_scopes.Count == 0)
            {
                return;
            }

            var (first, inline) = _scopes.Pop();
            if (!first)
            {
                _sb.Append(',');
                if (_indented && inline)
                {
                    _sb.Append(' ');
                }
            }

            _scopes.Push((false, inline));
            if (_indented && !inline)
            {
                NewLine();
            }
        }

        private void NewLine()
        {
            _sb.Append('\n');
            _sb.Append(' ', _scopes.Count * 2);
        }

        private void Escape(string s)
        {
            _sb.Append('"');
            foreach (var ch in s)
            {
                switch (ch)
                {
                    case '"':
                        _sb.Append("\\\"");
                        break;
                    case '\\':
                        _sb.Append("\\\\");
                        break;
                    case '\n':
                        _sb.Append("\\n");
                        break;
                    case '\r':
                        _sb.Append("\\r");
                        break;
                    case '\t':
                        _sb.Append("\\t");
                        break;
                    case '\b':
                        _sb.Append("\\b");
                        break;
                    case '\f':
                        _sb.Append("\\f");
                        break;
                    default:
                        if (ch < 0x20 || ch == '\u2028' || ch == '\u2029' || char.IsSurrogate(ch))
                        {
                            _sb.Append("\\u").Append(((int)ch).ToString("x4", CultureInfo.InvariantCulture));
                        }
                        else
                        {
                            _sb.Append(ch);
                        }

                        break;
                }
            }

            _sb.Append('"');
        }
    }
}
