using Tandem.Fuse;

namespace Tandem.Tests.Unit.Fuse;

public sealed class FuseBufferPoolTests
{
    [Fact]
    public void The_buffer_given_back_last_is_rented_first_whichever_thread_gave_it_back()
    {
        using var pool = new FuseBufferPool(8192, 4);
        FuseBuffer[] rented = [.. Enumerable.Range(0, 4).Select(_ => pool.Rent(CancellationToken.None))];
        // Replies are written on whichever thread completed the request, not on the reader that rents: here all on one
        // other thread (a pool keeping a list per thread would hand this thread the oldest of that thread's).
        var completer = new Thread(() =>
        {
            foreach (var buffer in rented)
                pool.Return(buffer);
        });
        completer.Start();
        completer.Join();
        Assert.Same(rented[3], pool.Rent(CancellationToken.None));
        Assert.Same(rented[2], pool.Rent(CancellationToken.None));
        pool.Return(rented[3]);
        Assert.Same(rented[3], pool.Rent(CancellationToken.None));
    }

    [Fact]
    public void A_returned_buffer_forgets_the_descriptor_it_came_from_and_the_bound_holds()
    {
        using var pool = new FuseBufferPool(8192, 1);
        var buffer = pool.Rent(CancellationToken.None);
        buffer.SourceFd = 5;
        using var cancel = new CancellationTokenSource(TimeSpan.FromMilliseconds(50));
        Assert.ThrowsAny<OperationCanceledException>(() => pool.Rent(cancel.Token)); // the one buffer is out
        pool.Return(buffer);
        var again = pool.Rent(CancellationToken.None);
        Assert.Same(buffer, again);
        Assert.Equal(-1, again.SourceFd);
    }
}
