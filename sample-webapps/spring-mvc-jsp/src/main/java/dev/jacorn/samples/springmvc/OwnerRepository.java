package dev.jacorn.samples.springmvc;

import java.util.List;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.atomic.AtomicLong;

/** The owners in memory, in the order they were added; ids start at 1 in each deployment. */
public class OwnerRepository {

    private final ConcurrentSkipListMap<Long, Owner> owners = new ConcurrentSkipListMap<>();
    private final AtomicLong ids = new AtomicLong();

    public Owner save(Owner owner) {
        owner.setId(ids.incrementAndGet());
        owners.put(owner.getId(), owner);
        return owner;
    }

    public List<Owner> findAll() {
        return List.copyOf(owners.values());
    }
}
