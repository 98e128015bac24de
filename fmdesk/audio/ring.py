# SPDX-License-Identifier: GPL-3.0-or-later
"""A fixed ring of float32 samples between a sound callback and the app.

Preallocated; writes and reads copy under a lock held only for the copy, so
the audio callback never waits on Python work."""

from __future__ import annotations

import threading

import numpy as np


class Ring:
    def __init__(self, capacity: int):
        self._data = np.zeros(capacity, dtype=np.float32)
        self.capacity = capacity
        self._read = 0      # total samples ever read
        self._written = 0   # total samples ever written
        self._lock = threading.Lock()

    @property
    def available(self) -> int:
        return self._written - self._read

    @property
    def space(self) -> int:
        return self.capacity - self.available

    @property
    def written(self) -> int:
        return self._written

    def write(self, samples: np.ndarray) -> int:
        """Copy in as many samples as fit; returns how many."""
        with self._lock:
            n = min(len(samples), self.capacity - (self._written - self._read))
            start = self._written % self.capacity
            first = min(n, self.capacity - start)
            self._data[start:start + first] = samples[:first]
            self._data[:n - first] = samples[first:n]
            self._written += n
            return n

    def read_into(self, out: np.ndarray) -> int:
        """Fill `out` from the ring; returns how many samples were there."""
        with self._lock:
            n = min(len(out), self._written - self._read)
            start = self._read % self.capacity
            first = min(n, self.capacity - start)
            out[:first] = self._data[start:start + first]
            out[first:n] = self._data[:n - first]
            self._read += n
            return n

    def overwrite(self, samples: np.ndarray) -> None:
        """Write, dropping the oldest samples when full (a recorder's ring)."""
        with self._lock:
            samples = samples[-self.capacity:]
            n = len(samples)
            start = self._written % self.capacity
            first = min(n, self.capacity - start)
            self._data[start:start + first] = samples[:first]
            self._data[:n - first] = samples[first:]
            self._written += n
            self._read = max(self._read, self._written - self.capacity)

    def since(self, position: int) -> np.ndarray:
        """A copy of everything written from `position` on (clamped to what the ring still holds)."""
        with self._lock:
            position = max(position, self._written - self.capacity)
            n = self._written - position
            start = position % self.capacity
            first = min(n, self.capacity - start)
            return np.concatenate([self._data[start:start + first], self._data[:n - first]])

    def fade_out(self, keep: int) -> tuple[int, int]:
        """Keep only the next `keep` samples, faded to zero (no click); drop
        the rest. Returns how many were queued and how many were kept."""
        with self._lock:
            queued = self._written - self._read
            n = min(keep, queued)
            where = (self._read + np.arange(n)) % self.capacity
            self._data[where] *= np.linspace(1.0, 0.0, n + 1, dtype=np.float32)[1:]
            self._written = self._read + n
            return queued, n

    def clear(self) -> None:
        with self._lock:
            self._read = self._written
