namespace Tandem.Metadata;

/// <summary>
/// Rebuilds the activity log from the valid records of the ring (pure; no I/O). Records are applied
/// oldest to newest: context window first, then updates, so the highest transaction numbers win.
/// The recovered set is the union of every extent named by any valid record: the final slot table
/// plus extents evicted within the ring's span — conservative, so a write racing an eviction is
/// still covered.
/// </summary>
public sealed class AlReplay
{
    AlReplay(ulong newest, int capacity, long[] table, long[] recovered)
    {
        NewestTransaction = newest;
        Capacity = capacity;
        Table = table;
        Recovered = recovered;
    }

    /// <summary>Highest valid transaction number, 0 when the ring holds none.</summary>
    public ulong NewestTransaction { get; }

    /// <summary>Capacity recorded by the newest valid record (0 when none).</summary>
    public int Capacity { get; }

    /// <summary>Slot table as of the newest record (−1 = empty), length <see cref="Capacity"/>.</summary>
    public IReadOnlyList<long> Table { get; }

    /// <summary>Sorted extent numbers that may hold writes the peer has not seen.</summary>
    public IReadOnlyList<long> Recovered { get; }

    public static AlReplay Run(IEnumerable<AlTransaction> records, long extentCount)
    {
        var ordered = records.OrderBy(r => r.Number).ToList();
        var union = new SortedSet<long>();
        if (ordered.Count == 0)
            return new AlReplay(0, 0, [], []);
        var newest = ordered[^1];
        var table = new long[newest.Capacity];
        Array.Fill(table, -1L);
        foreach (var r in ordered)
        {
            bool sameShape = r.Capacity == newest.Capacity;
            for (int i = 0; i < r.Context.Count; i++)
            {
                long e = Extent(r.Context[i], extentCount);
                if (sameShape)
                    table[(r.ContextStart + i) % r.Capacity] = e;
                if (e >= 0)
                    union.Add(e);
            }
            foreach (var (slot, extent) in r.Updates)
            {
                long e = Extent(extent, extentCount);
                if (sameShape)
                    table[slot] = e;
                if (e >= 0)
                    union.Add(e);
            }
        }
        return new AlReplay(newest.Number, newest.Capacity, table, [.. union]);
    }

    /// <summary>An extent number from disk, or −1 for an empty slot or one beyond the data region.</summary>
    static long Extent(uint raw, long extentCount) => raw == AlTransactionCodec.EmptySlot || raw >= extentCount ? -1 : raw;
}
