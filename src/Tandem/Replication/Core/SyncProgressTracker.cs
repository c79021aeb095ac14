namespace Tandem.Replication.Core;

/// <summary>Progress of one resync or verify pass: percent, speed over the last seconds, ETA.</summary>
sealed class SyncProgressTracker(long totalBytes, TimeSpan startedAt)
{
    static readonly TimeSpan Window = TimeSpan.FromSeconds(5);
    readonly Queue<(TimeSpan At, long Done)> _samples = new([(startedAt, 0L)]);

    public long TotalBytes { get; } = Math.Max(totalBytes, 0);
    public TimeSpan StartedAt { get; } = startedAt;
    public long DoneBytes { get; private set; }

    /// <summary>Bytes that actually travelled (a checksum match moves none).</summary>
    public long TransferredBytes { get; private set; }

    public void Add(long bytes, bool transferred, TimeSpan now)
    {
        DoneBytes = Math.Min(TotalBytes, DoneBytes + bytes);
        if (transferred)
            TransferredBytes += bytes;
        if (now - _samples.Last().At >= TimeSpan.FromMilliseconds(100))
            _samples.Enqueue((now, DoneBytes));
        while (_samples.Count > 2 && now - _samples.Peek().At > Window)
            _samples.Dequeue();
    }

    public double Percent => TotalBytes == 0 ? 100 : Math.Round(100.0 * DoneBytes / TotalBytes, 1);

    public long SpeedBytesPerS(TimeSpan now)
    {
        var (at, done) = _samples.Peek();
        double s = (now - at).TotalSeconds;
        return s <= 0 ? 0 : (long)((DoneBytes - done) / s);
    }

    public long EtaS(TimeSpan now)
    {
        long speed = SpeedBytesPerS(now);
        return speed <= 0 ? -1 : (TotalBytes - DoneBytes + speed - 1) / speed;
    }
}
