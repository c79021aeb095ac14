using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace Tandem.Storage;

/// <summary>
/// Pinned arrays with a 4 KiB-aligned window, pooled by size: memory that a direct write to the backing disk
/// goes out of as it is, without the bounce copy (<see cref="BackingFile.Write"/> looks at the address, not
/// at where the memory came from). The array given back last is handed out first (<see cref="WarmStack{T}"/>).
/// </summary>
public sealed class AlignedArrays
{
    /// <summary>The process's pool.</summary>
    public static AlignedArrays Shared { get; } = new();

    public const int Alignment = 4096;
    const int MinShift = 12, MaxShift = 20; // 4 KiB … 1 MiB windows are pooled
    const int KeepPerSize = 32;

    readonly WarmStack<byte[]>[] _free = [.. Enumerable.Range(0, MaxShift - MinShift + 1).Select(_ => new WarmStack<byte[]>(KeepPerSize))];

    /// <summary>
    /// A pinned array whose windows hold at least <paramref name="length"/> bytes. Sizes are pooled by powers of
    /// two plus one block, so a 1 MiB write's data with its packet fields in front still fits the 1 MiB class.
    /// </summary>
    public byte[] Rent(int length)
    {
        int shift = Shift(length - Alignment);
        if (shift <= MaxShift && _free[shift - MinShift].TryTake(out var pooled))
            return pooled;
        int size = shift <= MaxShift ? 1 << shift : length;
        return GC.AllocateUninitializedArray<byte>(size + 2 * Alignment, pinned: true);
    }

    /// <summary>The first <paramref name="length"/> bytes from the aligned start of <paramref name="array"/>.</summary>
    public static Memory<byte> Window(byte[] array, int length) => Window(array, 0, length);

    /// <summary>
    /// <paramref name="length"/> bytes of <paramref name="array"/> placed so that the byte at <paramref name="lead"/>
    /// is aligned: a received packet whose data follows <paramref name="lead"/> bytes of fields. The array must
    /// come from <see cref="Rent"/> for at least <paramref name="length"/> bytes.
    /// </summary>
    public static Memory<byte> Window(byte[] array, int lead, int length)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(lead);
        return array.AsMemory(Skip(array, lead), length);
    }

    /// <summary>Gives an array from <see cref="Rent"/> back; nothing may use it afterwards.</summary>
    public void Return(byte[] array)
    {
        int size = array.Length - 2 * Alignment;
        if (size <= 0 || !BitOperations.IsPow2(size))
            return;
        int shift = BitOperations.Log2((uint)size);
        if (shift is < MinShift or > MaxShift)
            return;
        _free[shift - MinShift].TryGiveBack(array, KeepPerSize);
    }

    static int Shift(int length) => Math.Max(MinShift, BitOperations.Log2(BitOperations.RoundUpToPowerOf2((uint)Math.Max(1, length))));

    /// <summary>How far into <paramref name="array"/> (pinned, so it stays put) a window must start for its byte at <paramref name="lead"/> to be aligned.</summary>
    public static unsafe int Skip(byte[] array, int lead)
    {
        nint address = (nint)Unsafe.AsPointer(ref MemoryMarshal.GetArrayDataReference(array)) + lead;
        return (int)((Alignment - address % Alignment) % Alignment);
    }
}
