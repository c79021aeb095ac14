using Microsoft.Extensions.Logging.Abstractions;
using Tandem.Fuse;
using Tandem.Fuse.Protocol;
using Tandem.Storage;

namespace Tandem.Tests.Unit.Fuse;

/// <summary>The one-file filesystem driven with kernel-shaped requests, no /dev/fuse.</summary>
public class BlockFileSystemTests
{
    const int Size = 1 << 20;
    readonly MemoryTarget _target = new(Size);
    readonly BlockFileSystem _fs;
    readonly FuseBuffer _buffer = new(64 * 1024 + 4096);
    ulong _unique = 100;

    public BlockFileSystemTests()
    {
        _fs = new BlockFileSystem(_target, new FuseBlockFileOptions { FileName = "r0", MaxWrite = 64 * 1024 }, NullLogger.Instance, TimeProvider.System, "test");
    }

    async Task<ParsedReply> Send(byte[] request)
    {
        int n = FuseRequestBuilder.Load(_buffer, request);
        var reply = await _fs.HandleAsync(_buffer, n, CancellationToken.None);
        Assert.True(reply.HasReply, "expected a reply");
        var parsed = ParsedReply.From(_buffer, reply);
        Assert.Equal(BitConverter.ToUInt64(request, 8), parsed.Header.Unique);
        return parsed;
    }

    Task<ParsedReply> Send<T>(FuseOpcode op, ulong node, T body, byte[]? tail = null) where T : unmanaged =>
        Send(FuseRequestBuilder.Build(op, ++_unique, node, body, tail));

    async Task Init()
    {
        var init = new FuseInitIn { Major = 7, Minor = 45, MaxReadahead = 65536, Flags = (uint)(FuseInitFlags.AsyncRead | FuseInitFlags.BigWrites | FuseInitFlags.MaxPages | FuseInitFlags.InitExt) };
        var reply = await Send(FuseOpcode.Init, 0, init);
        Assert.Equal(0, reply.Header.Error);
        Assert.Equal(FuseSessionState.Running, _fs.State);
        Assert.True(_fs.Initialized.IsCompletedSuccessfully);
    }

    [Fact]
    public async Task Requests_before_init_are_refused()
    {
        var reply = await Send(FuseOpcode.GetAttr, 1, new FuseGetAttrIn());
        Assert.Equal(-Errno.EIO, reply.Header.Error);
        Assert.Equal(FuseSessionState.AwaitingInit, _fs.State);
    }

    [Fact]
    public async Task Second_init_is_refused()
    {
        await Init();
        var reply = await Send(FuseOpcode.Init, 0, new FuseInitIn { Major = 7, Minor = 45 });
        Assert.Equal(-Errno.EIO, reply.Header.Error);
    }

    [Fact]
    public async Task Lookup_finds_only_the_file()
    {
        await Init();
        var found = await Send(FuseRequestBuilder.Raw(FuseOpcode.Lookup, ++_unique, BlockFileSystem.RootNode, FuseRequestBuilder.Name("r0")));
        Assert.Equal(0, found.Header.Error);
        var entry = found.Body<FuseEntryOut>();
        Assert.Equal(BlockFileSystem.FileNode, entry.NodeId);
        Assert.Equal((ulong)Size, entry.Attr.FileSize);
        Assert.Equal(0x8180U, entry.Attr.Mode); // S_IFREG | 0600
        Assert.Equal(0U, entry.Attr.Uid);
        var missing = await Send(FuseRequestBuilder.Raw(FuseOpcode.Lookup, ++_unique, BlockFileSystem.RootNode, FuseRequestBuilder.Name("r1")));
        Assert.Equal(-Errno.ENOENT, missing.Header.Error);
    }

    [Fact]
    public async Task Getattr_of_root_is_a_directory()
    {
        await Init();
        var reply = await Send(FuseOpcode.GetAttr, BlockFileSystem.RootNode, new FuseGetAttrIn());
        var attr = reply.Body<FuseAttrOut>().Attr;
        Assert.Equal(0x41EDU, attr.Mode); // S_IFDIR | 0755
        Assert.Equal(-Errno.ENOENT, (await Send(FuseOpcode.GetAttr, 9, new FuseGetAttrIn())).Header.Error);
    }

    [Fact]
    public async Task Write_then_read_round_trips_through_the_target()
    {
        await Init();
        var data = Enumerable.Range(0, 8192).Select(i => (byte)(i * 7)).ToArray();
        var w = await Send(FuseOpcode.Write, BlockFileSystem.FileNode, new FuseWriteIn { Offset = 4096, WriteSize = 8192 }, data);
        Assert.Equal(0, w.Header.Error);
        Assert.Equal(8192U, w.Body<FuseWriteOut>().WrittenSize);
        Assert.Equal(data, _target.Data[4096..12288]);
        Assert.Equal(0, _target.FuaWrites);

        var r = await Send(FuseOpcode.Read, BlockFileSystem.FileNode, new FuseReadIn { Offset = 4096, ReadSize = 8192 });
        Assert.Equal(0, r.Header.Error);
        Assert.Equal(data, r.Payload);
    }

    [Fact]
    public async Task O_dsync_write_is_fua()
    {
        await Init();
        await Send(FuseOpcode.Write, BlockFileSystem.FileNode, new FuseWriteIn { WriteSize = 512, Flags = FuseFlagBits.ODsync | 2 }, new byte[512]);
        Assert.Equal(1, _target.FuaWrites);
    }

    [Fact]
    public async Task Read_at_the_end_is_short_and_past_it_empty()
    {
        await Init();
        var r = await Send(FuseOpcode.Read, BlockFileSystem.FileNode, new FuseReadIn { Offset = Size - 100, ReadSize = 4096 });
        Assert.Equal(100, r.Payload.Length);
        var eof = await Send(FuseOpcode.Read, BlockFileSystem.FileNode, new FuseReadIn { Offset = Size + 4096, ReadSize = 4096 });
        Assert.Equal(0, eof.Header.Error);
        Assert.Empty(eof.Payload);
    }

    [Fact]
    public async Task Write_past_the_end_is_refused()
    {
        await Init();
        var w = await Send(FuseOpcode.Write, BlockFileSystem.FileNode, new FuseWriteIn { Offset = Size - 100, WriteSize = 512 }, new byte[512]);
        Assert.Equal(-Errno.ENOSPC, w.Header.Error);
    }

    [Fact]
    public async Task Write_whose_data_disagrees_with_its_size_is_einval()
    {
        await Init();
        var w = await Send(FuseOpcode.Write, BlockFileSystem.FileNode, new FuseWriteIn { WriteSize = 4096 }, new byte[100]);
        Assert.Equal(-Errno.EINVAL, w.Header.Error);
    }

    [Fact]
    public async Task Oversized_read_is_einval()
    {
        await Init();
        var r = await Send(FuseOpcode.Read, BlockFileSystem.FileNode, new FuseReadIn { ReadSize = uint.MaxValue });
        Assert.Equal(-Errno.EINVAL, r.Header.Error);
    }

    [Fact]
    public async Task Fsync_and_flush_reach_the_target_flush()
    {
        await Init();
        Assert.Equal(0, (await Send(FuseOpcode.Fsync, BlockFileSystem.FileNode, new FuseFsyncIn { FsyncFlags = FuseFlagBits.FsyncFdatasync })).Header.Error);
        Assert.Equal(0, (await Send(FuseOpcode.Flush, BlockFileSystem.FileNode, new FuseFlushIn())).Header.Error);
        Assert.Equal(2, _target.Flushes);
        Assert.Equal(2, _fs.FlushCount);
    }

    [Fact]
    public async Task Target_errors_become_errno_replies()
    {
        await Init();
        _target.FailWith = Errno.EPERM;
        Assert.Equal(-Errno.EPERM, (await Send(FuseOpcode.Write, BlockFileSystem.FileNode, new FuseWriteIn { WriteSize = 4 }, new byte[4])).Header.Error);
        Assert.Equal(-Errno.EPERM, (await Send(FuseOpcode.Read, BlockFileSystem.FileNode, new FuseReadIn { ReadSize = 4 })).Header.Error);
        _target.FailWith = Errno.EIO;
        Assert.Equal(-Errno.EIO, (await Send(FuseOpcode.Fsync, BlockFileSystem.FileNode, new FuseFsyncIn())).Header.Error);
        Assert.Equal(0, _fs.FlushCount);
    }

    [Fact]
    public async Task Setattr_refuses_size_changes_and_accepts_modes_and_times()
    {
        await Init();
        var grow = new FuseSetAttrIn { Valid = (uint)FuseSetAttrValid.Size, FileSize = Size * 2 };
        Assert.Equal(-Errno.EPERM, (await Send(FuseOpcode.SetAttr, BlockFileSystem.FileNode, grow)).Header.Error);
        var same = new FuseSetAttrIn { Valid = (uint)FuseSetAttrValid.Size, FileSize = Size };
        Assert.Equal(0, (await Send(FuseOpcode.SetAttr, BlockFileSystem.FileNode, same)).Header.Error);
        var chmod = new FuseSetAttrIn { Valid = (uint)(FuseSetAttrValid.Mode | FuseSetAttrValid.Mtime), Mode = 0x81FF };
        var reply = await Send(FuseOpcode.SetAttr, BlockFileSystem.FileNode, chmod);
        Assert.Equal(0, reply.Header.Error);
        Assert.Equal(0x8180U, reply.Body<FuseAttrOut>().Attr.Mode);
        var chown = new FuseSetAttrIn { Valid = (uint)FuseSetAttrValid.Uid, Uid = 1000 };
        Assert.Equal(-Errno.EPERM, (await Send(FuseOpcode.SetAttr, BlockFileSystem.FileNode, chown)).Header.Error);
    }

    [Fact]
    public async Task Fallocate_maps_punch_hole_and_zero_range()
    {
        await Init();
        _target.Data.AsSpan(0, 8192).Fill(0xAB);
        var punch = new FuseFallocateIn { Offset = 0, Length = 4096, Mode = FuseFlagBits.FallocPunchHole | FuseFlagBits.FallocKeepSize };
        Assert.Equal(0, (await Send(FuseOpcode.Fallocate, BlockFileSystem.FileNode, punch)).Header.Error);
        Assert.Equal(1, _target.Trims);
        var zero = new FuseFallocateIn { Offset = 4096, Length = 4096, Mode = FuseFlagBits.FallocZeroRange | FuseFlagBits.FallocKeepSize };
        Assert.Equal(0, (await Send(FuseOpcode.Fallocate, BlockFileSystem.FileNode, zero)).Header.Error);
        Assert.Equal(1, _target.Zeroes);
        Assert.All(_target.Data[..8192], b => Assert.Equal(0, b));
        var plain = new FuseFallocateIn { Offset = 0, Length = 4096, Mode = 0 };
        Assert.Equal(-Errno.EOPNOTSUPP, (await Send(FuseOpcode.Fallocate, BlockFileSystem.FileNode, plain)).Header.Error);
        var grow = new FuseFallocateIn { Offset = Size - 4096, Length = 8192, Mode = FuseFlagBits.FallocZeroRange };
        Assert.Equal(-Errno.ENOSPC, (await Send(FuseOpcode.Fallocate, BlockFileSystem.FileNode, grow)).Header.Error);
    }

    [Fact]
    public async Task Readdir_lists_dot_dotdot_and_the_file_and_resumes_at_offsets()
    {
        await Init();
        var all = await Send(FuseOpcode.ReadDir, BlockFileSystem.RootNode, new FuseReadIn { ReadSize = 4096 });
        Assert.Equal([".", "..", "r0"], Names(all.Payload));
        var rest = await Send(FuseOpcode.ReadDir, BlockFileSystem.RootNode, new FuseReadIn { Offset = 2, ReadSize = 4096 });
        Assert.Equal(["r0"], Names(rest.Payload));
        var end = await Send(FuseOpcode.ReadDir, BlockFileSystem.RootNode, new FuseReadIn { Offset = 3, ReadSize = 4096 });
        Assert.Empty(end.Payload);
        var small = await Send(FuseOpcode.ReadDir, BlockFileSystem.RootNode, new FuseReadIn { ReadSize = 40 });
        Assert.Equal(["."], Names(small.Payload));
    }

    static List<string> Names(byte[] payload)
    {
        var names = new List<string>();
        for (int at = 0; at < payload.Length;)
        {
            int len = (int)BitConverter.ToUInt32(payload, at + 16);
            names.Add(System.Text.Encoding.UTF8.GetString(payload, at + 24, len));
            at += FuseDirent.RecordSize(len);
        }
        return names;
    }

    [Fact]
    public async Task Open_statfs_xattr_and_unknown_opcodes()
    {
        await Init();
        var open = await Send(FuseOpcode.Open, BlockFileSystem.FileNode, new FuseOpenIn { Flags = 2 });
        Assert.Equal(0, open.Header.Error);
        Assert.True(((FuseOpenOutFlags)open.Body<FuseOpenOut>().OpenFlags).HasFlag(FuseOpenOutFlags.DirectIo));
        Assert.Equal(-Errno.EISDIR, (await Send(FuseOpcode.Open, BlockFileSystem.RootNode, new FuseOpenIn())).Header.Error);
        Assert.Equal(-Errno.ENOTDIR, (await Send(FuseOpcode.OpenDir, BlockFileSystem.FileNode, new FuseOpenIn())).Header.Error);
        var statfs = await Send(FuseRequestBuilder.Raw(FuseOpcode.StatFs, ++_unique, 1, default));
        Assert.Equal((ulong)Size / 4096, statfs.Body<FuseStatfsOut>().Blocks);
        Assert.Equal(-Errno.ENOSYS, (await Send(FuseOpcode.GetXattr, BlockFileSystem.FileNode, new FuseGetXattrIn { XattrSize = 100 }, FuseRequestBuilder.Name("security.capability"))).Header.Error);
        Assert.Equal(-Errno.ENOSYS, (await Send(FuseOpcode.Mkdir, BlockFileSystem.RootNode, 0UL)).Header.Error);
        Assert.Equal(-Errno.ENOSYS, (await Send(FuseRequestBuilder.Raw((FuseOpcode)999, ++_unique, 1, default))).Header.Error);
    }

    [Fact]
    public async Task Forget_batch_forget_and_interrupt_take_no_reply()
    {
        await Init();
        foreach (var request in new[]
        {
            FuseRequestBuilder.Build(FuseOpcode.Forget, 1, 2, new FuseForgetIn { NLookup = 1 }),
            FuseRequestBuilder.Build(FuseOpcode.BatchForget, 2, 0, new FuseBatchForgetIn { Count = 1 }, new byte[16]),
            FuseRequestBuilder.Build(FuseOpcode.Interrupt, 3, 0, new FuseInterruptIn { Unique = 1 }),
        })
        {
            int n = FuseRequestBuilder.Load(_buffer, request);
            Assert.False((await _fs.HandleAsync(_buffer, n, CancellationToken.None)).HasReply);
        }
    }

    [Fact]
    public async Task Destroy_ends_the_session()
    {
        await Init();
        Assert.Equal(0, (await Send(FuseRequestBuilder.Raw(FuseOpcode.Destroy, ++_unique, 0, default))).Header.Error);
        Assert.Equal(FuseSessionState.Destroyed, _fs.State);
        Assert.Equal(-Errno.EIO, (await Send(FuseOpcode.GetAttr, 1, new FuseGetAttrIn())).Header.Error);
    }

    [Fact]
    public async Task Hostile_header_gets_eio_or_no_reply()
    {
        await Init();
        var bytes = FuseRequestBuilder.Build(FuseOpcode.GetAttr, 555, 1, new FuseGetAttrIn());
        BitConverter.GetBytes(9999u).CopyTo(bytes, 0);
        int n = FuseRequestBuilder.Load(_buffer, bytes);
        var reply = await _fs.HandleAsync(_buffer, n, CancellationToken.None);
        var parsed = ParsedReply.From(_buffer, reply);
        Assert.Equal(-Errno.EIO, parsed.Header.Error);
        Assert.Equal(555UL, parsed.Header.Unique);
        Assert.False((await _fs.HandleAsync(_buffer, 20, CancellationToken.None)).HasReply);
    }

    [Fact]
    public async Task Refused_init_fails_the_session()
    {
        var reply = await Send(FuseOpcode.Init, 0, new FuseInitIn { Major = 7, Minor = 12 });
        Assert.Equal(-71, reply.Header.Error);
        Assert.Equal(FuseSessionState.Failed, _fs.State);
        await Assert.ThrowsAsync<IOException>(() => _fs.Initialized);
    }
}
