namespace Tandem.Lab;

/// <summary>
/// The checker's verdict. <see cref="Lost"/>: commits MariaDB acknowledged that are missing or hold another value
/// (must be 0). <see cref="Phantoms"/>: rows no client ever tried to write, or with a value it never wrote (must be
/// 0). In-doubt commits (tried, never acknowledged: the connection broke during COMMIT) may be present or not.
/// </summary>
public sealed record CommitCheck(int Acknowledged, int Rows, int Lost, int Phantoms, int InDoubtPresent, int InDoubtAbsent,
    IReadOnlyList<long> LostIds, IReadOnlyList<long> PhantomIds)
{
    public bool Ok => Lost == 0 && Phantoms == 0 && !Unchecked;

    /// <summary>The table could not be read: the counts mean nothing.</summary>
    public bool Unchecked { get; init; }

    public static CommitCheck Compare(CommitJournal journal, IReadOnlyDictionary<long, string> rows)
    {
        var lost = new List<long>();
        foreach (var (id, ack) in journal.Acknowledged)
            if (!rows.TryGetValue(id, out var v) || v != ack.Value)
                lost.Add(id);
        var phantoms = new List<long>();
        int present = 0;
        foreach (var (id, value) in rows)
        {
            if (!journal.Attempted.TryGetValue(id, out var tried) || tried != value)
                phantoms.Add(id);
            else if (!journal.Acknowledged.ContainsKey(id))
                present++;
        }
        var inDoubt = journal.Attempted.Keys.Count(id => !journal.Acknowledged.ContainsKey(id));
        lost.Sort();
        phantoms.Sort();
        return new CommitCheck(journal.Acknowledged.Count, rows.Count, lost.Count, phantoms.Count, present, inDoubt - present,
            [.. lost.Take(20)], [.. phantoms.Take(20)]);
    }
}
