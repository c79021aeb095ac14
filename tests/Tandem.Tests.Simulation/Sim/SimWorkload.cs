using System.Buffers.Binary;

namespace Tandem.Tests.Simulation.Sim;

/// <summary>
/// An application on the Primary: several writers putting 4 KiB blocks (never two writes to one block
/// at once, like a filesystem), some with FUA, and flushes. Every block's content names the write that
/// produced it, so a replica can be checked against what was acknowledged.
/// </summary>
public sealed class SimWorkload(SimScheduler s, int blocks, int writers)
{
    readonly HashSet<int> _busy = [];
    // Per block: the ids of the writes issued to it, in order, and the last acknowledged one.
    readonly Dictionary<int, List<long>> _issued = [];
    readonly Dictionary<int, long> _lastAcked = [];
    long _nextId = 1;
    int _outstanding;

    public SimNode? Target { get; set; }
    public bool Running { get; set; }
    public long Acknowledged { get; private set; }
    public long Failed { get; private set; }
    public int Outstanding => _outstanding;

    public void Start() => s.After(TimeSpan.Zero, Pump);

    void Pump()
    {
        s.After(s.Ms(0.2, 2), Pump);
        var node = Target;
        if (!Running || node is null || !node.Up)
            return;
        while (_outstanding < writers)
        {
            int block = s.Random.Next(blocks);
            if (!_busy.Add(block))
                return;
            long id = _nextId++;
            _outstanding++;
            if (!_issued.TryGetValue(block, out var list))
                _issued[block] = list = [];
            list.Add(id);
            var data = Content(id, block);
            bool fua = s.Chance(0.05);
            node.Write((long)block * SimDisk.Block, data, fua, errno =>
            {
                _outstanding--;
                _busy.Remove(block);
                if (errno == 0)
                {
                    Acknowledged++;
                    _lastAcked[block] = Math.Max(_lastAcked.GetValueOrDefault(block), id);
                }
                else
                {
                    Failed++;
                }
            });
            if (s.Chance(0.05))
                node.Flush(_ => { });
        }
    }

    /// <summary>One write to a random free block on <paramref name="node"/> (a second writer, e.g. during a split brain).</summary>
    public void WriteOnce(SimNode node)
    {
        int block = s.Random.Next(blocks);
        if (!_busy.Add(block))
            return;
        long id = _nextId++;
        if (!_issued.TryGetValue(block, out var list))
            _issued[block] = list = [];
        list.Add(id);
        node.Write((long)block * SimDisk.Block, Content(id, block), false, _ => _busy.Remove(block));
    }

    /// <summary>The node crashed: its requests will never be answered; the blocks may be written again.</summary>
    public void Abandon()
    {
        _busy.Clear();
        _outstanding = 0;
    }

    public static byte[] Content(long id, int block)
    {
        var data = new byte[SimDisk.Block];
        BinaryPrimitives.WriteInt64LittleEndian(data, id);
        BinaryPrimitives.WriteInt32LittleEndian(data.AsSpan(8), block);
        var fill = new Random((int)(id * 31 + block));
        fill.NextBytes(data.AsSpan(16));
        return data;
    }

    /// <summary>
    /// Checks a replica's data against what was acknowledged: every block holds its last acknowledged
    /// write or one issued after it (in flight at the crash), intact. Returns the first violation.
    /// </summary>
    public string? CheckAcknowledged(SimDisk disk, string who)
    {
        for (int block = 0; block < blocks; block++)
        {
            var data = disk.Read((long)block * SimDisk.Block, SimDisk.Block);
            long id = BinaryPrimitives.ReadInt64LittleEndian(data);
            long acked = _lastAcked.GetValueOrDefault(block);
            if (id == 0 && data.AsSpan().IndexOfAnyExcept((byte)0) < 0)
            {
                if (acked != 0)
                    return $"{who}: block {block} is empty but write {acked} was acknowledged";
                continue;
            }
            if (!Content(id, block).AsSpan().SequenceEqual(data))
                return $"{who}: block {block} holds torn or foreign data (claims write {id})";
            if (id < acked)
                return $"{who}: block {block} holds write {id}, older than acknowledged write {acked}";
            if (!_issued.TryGetValue(block, out var ids) || !ids.Contains(id))
                return $"{who}: block {block} holds write {id} that was never issued to it";
        }
        return null;
    }

    /// <summary>After a split brain was resolved the victim's writes are gone by design: start over from the survivor.</summary>
    public void Rebase(SimDisk survivor)
    {
        _lastAcked.Clear();
        for (int block = 0; block < blocks; block++)
        {
            long id = BinaryPrimitives.ReadInt64LittleEndian(survivor.Read((long)block * SimDisk.Block, 8));
            if (id != 0)
                _lastAcked[block] = id;
        }
    }
}
