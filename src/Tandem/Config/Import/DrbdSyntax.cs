using System.Text;

namespace Tandem.Config.Import;

/// <summary>A word or a quoted string of drbd.conf. <see cref="Column"/> is the 0-based index in its line of the first character of the value (after a quote).</summary>
public sealed record DrbdToken(string Text, bool Quoted, bool HasEscapes, int Line, int Column)
{
    /// <summary>0-based byte offset of the value in its line (UTF-8), for commands that cut it out of the file.</summary>
    public int ByteColumn { get; init; }
}

/// <summary><c>keyword arg... ;</c> or <c>keyword arg... { statements }</c>.</summary>
public sealed record DrbdStatement(string Keyword, IReadOnlyList<DrbdToken> Args, IReadOnlyList<DrbdStatement>? Block, SourceLine At)
{
    public string ArgText => string.Join(' ', Args.Select(a => a.Text));

    public override string ToString() => Args.Count == 0 ? Keyword : $"{Keyword} {ArgText}";
}

/// <summary>
/// drbd.conf syntax (drbd.conf(5)): sections <c>name [args] { ... }</c>, parameters <c>name [values];</c>,
/// <c>#</c> comments, double-quoted strings with backslash escapes. <c>skip</c> comments out what follows it.
/// </summary>
public sealed class DrbdSyntax
{
    enum Kind { Word, Open, Close, Semicolon, End }

    readonly record struct Tok(Kind Kind, DrbdToken Value);

    readonly ImportFile file;
    readonly List<Tok> tokens = [];
    int next;

    DrbdSyntax(ImportFile file) => this.file = file;

    /// <summary>Parses a whole file; throws <see cref="ConfigException"/> (FILE:LINE) on a syntax error.</summary>
    public static IReadOnlyList<DrbdStatement> Parse(ImportFile file, ImportDiagnostics diag)
    {
        var syntax = new DrbdSyntax(file);
        syntax.Lex(diag);
        return syntax.Block(diag, null);
    }

    List<DrbdStatement> Block(ImportDiagnostics diag, DrbdStatement? owner)
    {
        var statements = new List<DrbdStatement>();
        while (true)
        {
            var t = tokens[next++];
            switch (t.Kind)
            {
                case Kind.End when owner is not null:
                    throw diag.Fatal(owner.At, $"the section \"{owner}\" opened here is never closed; add the missing '}}'");
                case Kind.End:
                    return statements;
                case Kind.Close when owner is null:
                    throw diag.Fatal(At(t), "'}' closes no section; remove it or add the section it belongs to");
                case Kind.Close:
                    return statements;
                case Kind.Semicolon:
                    throw diag.Fatal(At(t), "';' without a parameter before it; remove it");
                case Kind.Open:
                    throw diag.Fatal(At(t), "'{' without a section name before it");
            }
            var statement = Statement(t, diag);
            if (statement.Keyword != "skip")
                statements.Add(statement);
        }
    }

    DrbdStatement Statement(Tok keyword, ImportDiagnostics diag)
    {
        var args = new List<DrbdToken>();
        var at = At(keyword);
        while (true)
        {
            var t = tokens[next++];
            switch (t.Kind)
            {
                case Kind.Word:
                    args.Add(t.Value);
                    break;
                case Kind.Semicolon:
                    return new DrbdStatement(keyword.Value.Text, args, null, at);
                case Kind.Open:
                    var open = new DrbdStatement(keyword.Value.Text, args, [], at);
                    if (!IsSection(open))
                        throw diag.Fatal(at, $"\"{open}\" is not ended by ';'; add it");
                    return open with { Block = Block(diag, open) };
                default:
                    var text = args.Count == 0 ? keyword.Value.Text : $"{keyword.Value.Text} {string.Join(' ', args.Select(a => a.Text))}";
                    throw diag.Fatal(at, $"\"{text}\" is not ended by ';'; add it");
            }
        }
    }

    SourceLine At(Tok t) => file.At(t.Value.Line);

    /// <summary>Whether a statement followed by '{' can be a section: a section keyword with at most its arguments (otherwise a ';' is missing before).</summary>
    static bool IsSection(DrbdStatement s) => s.Keyword switch
    {
        "global" or "common" or "disk" or "net" or "syncer" or "startup" or "handlers" or "options" or "connection-mesh" or "path" => s.Args.Count == 0,
        "resource" or "on" or "volume" or "stacked-on-top-of" or "connection" => s.Args.Count <= 1,
        "floating" => s.Args.Count <= 2,
        "skip" => true,
        _ => false,
    };

    void Lex(ImportDiagnostics diag)
    {
        var text = file.Text;
        int line = 1, lineStart = 0, i = 0;
        while (i < text.Length)
        {
            var c = text[i];
            if (c == '\n')
            {
                line++;
                lineStart = ++i;
                continue;
            }
            if (char.IsWhiteSpace(c))
            {
                i++;
                continue;
            }
            if (c == '#')
            {
                while (i < text.Length && text[i] != '\n')
                    i++;
                continue;
            }
            var single = c switch { '{' => Kind.Open, '}' => Kind.Close, ';' => Kind.Semicolon, _ => Kind.Word };
            if (single != Kind.Word)
            {
                tokens.Add(new Tok(single, new DrbdToken(c.ToString(), false, false, line, i - lineStart)));
                i++;
            }
            else if (c == '"')
                i = QuotedString(text, i, line, lineStart, diag);
            else
            {
                var start = i;
                while (i < text.Length && !char.IsWhiteSpace(text[i]) && text[i] is not ('{' or '}' or ';' or '"'))
                    i++;
                tokens.Add(new Tok(Kind.Word, new DrbdToken(text[start..i], false, false, line, start - lineStart) { ByteColumn = Bytes(text, lineStart, start) }));
            }
        }
        tokens.Add(new Tok(Kind.End, new DrbdToken("", false, false, line, 0)));
    }

    int QuotedString(string text, int i, int line, int lineStart, ImportDiagnostics diag)
    {
        var value = new StringBuilder();
        var escapes = false;
        var start = i + 1;
        for (i = start; i < text.Length && text[i] != '"'; i++)
        {
            if (text[i] == '\n')
                break;
            if (text[i] == '\\' && i + 1 < text.Length && text[i + 1] != '\n')
            {
                escapes = true;
                i++;
            }
            value.Append(text[i]);
        }
        if (i >= text.Length || text[i] != '"')
            throw diag.Fatal(file.At(line), "a quoted string is not closed on its line; add the closing '\"'");
        tokens.Add(new Tok(Kind.Word, new DrbdToken(value.ToString(), true, escapes, line, start - lineStart) { ByteColumn = Bytes(text, lineStart, start) }));
        return i + 1;
    }

    static int Bytes(string text, int from, int to) => Encoding.UTF8.GetByteCount(text.AsSpan(from, to - from));
}
