using System.Globalization;
using System.Text;

namespace Tandem.Config.Import;

/// <summary>
/// One key of authkeys: <c>N METHOD [SECRET]</c>. <see cref="SecretBytes"/> is the 1-based byte range of the
/// secret in its line, so the import can print a command that copies it without ever printing it.
/// </summary>
public sealed record AuthKey(int Index, string Method, string? Secret, SourceLine At, (int First, int Last) SecretBytes);

/// <summary>authkeys: the key in use (<c>auth N</c>) and its method.</summary>
public sealed record AuthKeys(string File, AuthKey Active);

/// <summary>
/// Reads Heartbeat's authkeys as Heartbeat does (auth.c): comment lines start with <c>#</c>; <c>auth N</c> picks
/// the key; <c>N METHOD SECRET</c> lines, where the secret is one word. A <c>#</c> after a blank starts a comment
/// here too (Heartbeat would have taken it as a key).
/// </summary>
public static class AuthKeysReader
{
    /// <summary>Heartbeat's MAXAUTH.</summary>
    const int MaxIndex = 15;

    public static AuthKeys? Read(ImportFile file, ImportDiagnostics diag)
    {
        var keys = new Dictionary<int, AuthKey>();
        Sourced<int>? auth = null;
        var lines = file.Lines();
        for (var i = 0; i < lines.Length; i++)
        {
            var at = file.At(i + 1);
            var words = Words(lines[i]);
            if (words.Count == 0)
                continue;
            if (words[0].Text == "auth")
            {
                if (words.Count != 2 || !TryIndex(words[1].Text, out var n))
                    diag.Error(at, "expected \"auth N\", the number of the key to use (such as auth 1)");
                else if (auth is not null)
                    diag.Error(at, $"a second auth line; the first is at {auth.At}");
                else
                    auth = new Sourced<int>(n, at);
                continue;
            }
            if (!TryIndex(words[0].Text, out var index))
            {
                diag.Error(at, $"expected \"auth N\" or \"N METHOD SECRET\" (such as 1 sha1 SECRET), found \"{words[0].Text}\"");
                continue;
            }
            if (words.Count < 2)
            {
                diag.Error(at, $"key {index} has no method; write {index} sha1 SECRET");
                continue;
            }
            var method = words[1].Text.ToLowerInvariant();
            if (method is not ("sha1" or "md5" or "crc"))
            {
                diag.Error(at, $"unknown method \"{words[1].Text}\"; authkeys methods are sha1, md5 and crc");
                continue;
            }
            if (method == "crc" && words.Count > 2)
                diag.Error(at, "crc takes no key; remove the text after crc");
            else if (method != "crc" && words.Count < 3)
                diag.Error(at, $"{method} needs a key: {index} {method} SECRET");
            else if (words.Count > 3)
                diag.Warn(at, "text after the key is ignored (Heartbeat ignored it too)");
            else if (keys.TryGetValue(index, out var first))
                diag.Error(at, $"key {index} is already defined at {first.At}");
            else
            {
                keys[index] = method == "crc"
                    ? new AuthKey(index, method, null, at, default)
                    : new AuthKey(index, method, words[2].Text, at, Bytes(lines[i], words[2]));
            }
        }
        if (diag.ErrorCount > 0)
            return null;
        if (auth is null)
        {
            diag.Error(file.At(0), "no \"auth N\" line; add one naming the key in use, such as auth 1");
            return null;
        }
        if (!keys.TryGetValue(auth.Value, out var active))
        {
            diag.Error(auth.At, $"auth {auth.Value} names no key; add a line \"{auth.Value} sha1 SECRET\"");
            return null;
        }
        return new AuthKeys(file.Path, active);
    }

    static bool TryIndex(string text, out int index) =>
        int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out index) && index <= MaxIndex;

    readonly record struct Word(string Text, int Start);

    /// <summary>The blank-separated words of a line up to a comment.</summary>
    static List<Word> Words(string line)
    {
        var words = new List<Word>();
        var i = 0;
        while (i < line.Length)
        {
            while (i < line.Length && IsBlank(line[i]))
                i++;
            if (i >= line.Length || line[i] == '#')
                break;
            var start = i;
            while (i < line.Length && !IsBlank(line[i]))
                i++;
            words.Add(new Word(line[start..i], start));
        }
        return words;
    }

    static bool IsBlank(char c) => c is ' ' or '\t' or '\r' or '\v' or '\f';

    static (int, int) Bytes(string line, Word w)
    {
        var first = Encoding.UTF8.GetByteCount(line.AsSpan(0, w.Start)) + 1;
        return (first, first + Encoding.UTF8.GetByteCount(w.Text) - 1);
    }
}
