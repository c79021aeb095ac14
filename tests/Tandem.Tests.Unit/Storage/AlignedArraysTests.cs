using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using Tandem.Storage;

namespace Tandem.Tests.Unit.Storage;

public sealed class AlignedArraysTests
{
    static unsafe long Address(Memory<byte> m) => (long)Unsafe.AsPointer(ref MemoryMarshal.GetReference(m.Span));

    [Theory]
    [InlineData(0, 4096)]
    [InlineData(28, 4096 + 28)]
    [InlineData(16, (1 << 20) + 16)]
    [InlineData(28, (1 << 20) + 28)]
    [InlineData(8, 100)]
    public void A_window_puts_the_byte_after_its_lead_on_a_4_KiB_boundary(int lead, int length)
    {
        var pool = new AlignedArrays();
        var array = pool.Rent(length);
        var window = AlignedArrays.Window(array, lead, length);
        Assert.Equal(length, window.Length);
        Assert.Equal(0, (Address(window) + lead) % AlignedArrays.Alignment);
        Assert.True(MemoryMarshal.TryGetArray<byte>(window, out var segment));
        Assert.Same(array, segment.Array);
    }

    [Fact]
    public void A_returned_array_is_rented_again_for_the_same_size()
    {
        var pool = new AlignedArrays();
        var first = pool.Rent(64 * 1024);
        pool.Return(first);
        Assert.Same(first, pool.Rent(60 * 1024));
        Assert.NotSame(first, pool.Rent(60 * 1024)); // handed out once only
    }

    [Fact]
    public void A_megabyte_of_data_with_its_packet_fields_is_pooled_in_the_megabyte_class()
    {
        var pool = new AlignedArrays();
        var first = pool.Rent((1 << 20) + 28);
        Assert.True(first.Length < (2 << 20)); // not the next power of two
        pool.Return(first);
        Assert.Same(first, pool.Rent((1 << 20) + 16));
    }

    [Fact]
    public void The_array_given_back_last_is_rented_first()
    {
        var pool = new AlignedArrays();
        byte[][] rented = [.. Enumerable.Range(0, 4).Select(_ => pool.Rent(1 << 20))];
        foreach (var array in rented)
            pool.Return(array);
        // The one returned last is the one still warm in the cache.
        Assert.Same(rented[3], pool.Rent(1 << 20));
        Assert.Same(rented[2], pool.Rent(1 << 20));
        pool.Return(rented[3]);
        Assert.Same(rented[3], pool.Rent(1 << 20));
    }
}
