package com.ottimate.emulator;

import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Predicate;

/** Every request the emulator received, in arrival order, for tests to assert on. */
public final class RequestJournal {
    private final List<ApiRequest> requests = new CopyOnWriteArrayList<>();
    private final Set<String> connections = ConcurrentHashMap.newKeySet();
    private volatile boolean recordBodies = true;

    void record(final ApiRequest request) {
        connections.add(request.connection());
        requests.add(recordBodies ? request : new ApiRequest(request.method(), request.rawPath(), request.rawQuery(),
                request.headers(), new byte[0], request.connection(), request.receivedAtNanos(), request.multipart()));
    }

    /** Benchmarks turn bodies off so the journal does not dominate the heap. */
    public void setRecordBodies(final boolean recordBodies) {
        this.recordBodies = recordBodies;
    }

    public List<ApiRequest> all() {
        return List.copyOf(requests);
    }

    public List<ApiRequest> matching(final String method, final String apiPathPrefix) {
        return filter(r -> r.method().equals(method) && r.apiPath().startsWith(apiPathPrefix));
    }

    public List<ApiRequest> filter(final Predicate<ApiRequest> predicate) {
        return requests.stream().filter(predicate).toList();
    }

    public long tokenRequests() {
        return matching("POST", "/oauth/token").size();
    }

    /** Distinct client TCP connections seen (each is a remote address:port). */
    public int connectionCount() {
        return connections.size();
    }

    public void clear() {
        requests.clear();
        connections.clear();
    }
}
