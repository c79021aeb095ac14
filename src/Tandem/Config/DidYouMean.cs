namespace Tandem.Config;

/// <summary>"did you mean" suggestions: the closest candidate within a small edit distance, ignoring case.</summary>
static class DidYouMean
{
    /// <summary>Words longer than this get no suggestion (bounds the work on hostile input).</summary>
    const int MaxWordLength = 64;

    public static string? Suggest(string word, IEnumerable<string> candidates)
    {
        if (word.Length > MaxWordLength)
            return null;
        var allowed = word.Length <= 2 ? 0 : word.Length <= 4 ? 1 : word.Length <= 8 ? 2 : 3;
        string? best = null;
        var bestDistance = int.MaxValue;
        foreach (var candidate in candidates)
        {
            var d = Distance(word.ToLowerInvariant(), candidate.ToLowerInvariant());
            if (d <= allowed && d < bestDistance)
            {
                best = candidate;
                bestDistance = d;
            }
        }
        return best;
    }

    /// <summary>" did you mean "X"?" or nothing.</summary>
    public static string Hint(string word, IEnumerable<string> candidates) =>
        Suggest(word, candidates) is { } s ? $"; did you mean \"{s}\"?" : "";

    /// <summary>Levenshtein distance with adjacent transpositions counted as one edit.</summary>
    public static int Distance(string a, string b)
    {
        var prev2 = new int[b.Length + 1];
        var prev = new int[b.Length + 1];
        var cur = new int[b.Length + 1];
        for (var j = 0; j <= b.Length; j++)
            prev[j] = j;
        for (var i = 1; i <= a.Length; i++)
        {
            cur[0] = i;
            for (var j = 1; j <= b.Length; j++)
            {
                var cost = a[i - 1] == b[j - 1] ? 0 : 1;
                cur[j] = Math.Min(Math.Min(cur[j - 1] + 1, prev[j] + 1), prev[j - 1] + cost);
                if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1])
                    cur[j] = Math.Min(cur[j], prev2[j - 2] + 1);
            }
            (prev2, prev, cur) = (prev, cur, prev2);
        }
        return prev[b.Length];
    }
}
