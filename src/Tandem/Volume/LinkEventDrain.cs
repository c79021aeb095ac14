namespace Tandem.Volume;

/// <summary>
/// One consumer at a time for a link's events, on whichever thread announces them. Every announcement is counted; the
/// caller that finds the count at zero becomes the taker and takes until no announcement it has not covered is left,
/// so an event announced while another thread takes is taken by that thread, in order, and none is left behind.
/// <see cref="Finished"/> completes once a take reports the link's events all taken (the link was stopped).
/// </summary>
sealed class LinkEventDrain(Func<bool> take)
{
    int _announced;
    readonly TaskCompletionSource _finished = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public Task Finished => _finished.Task;

    /// <summary>Takes every event there is, unless another thread is taking (it then covers this announcement too). <c>take</c> must not throw.</summary>
    public void Run()
    {
        if (Interlocked.Increment(ref _announced) != 1)
            return;
        while (true)
        {
            int covered = Volatile.Read(ref _announced);
            if (take())
                _finished.TrySetResult();
            if (Interlocked.Add(ref _announced, -covered) == 0)
                return;
        }
    }
}
