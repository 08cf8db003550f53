#!/usr/bin/env python3
"""Read multiprocess files with the real prometheus_client of this interpreter.

Usage:
  mp_tool.py render DIR          print generate_latest(MultiProcessCollector(DIR))
  mp_tool.py entries FILE...     print one JSON line per entry: [key, value.hex(), timestamp.hex()]
                                 (timestamp null on libraries that store none)
  mp_tool.py append FILE KEY V   open FILE as a live worker would (MmapedDict in write
                                 mode), set KEY to V, close: proves the file is writable
  mp_tool.py mark-dead DIR PID...  multiprocess.mark_process_dead(pid, DIR) for each pid
"""
import json
import sys

from prometheus_client import CollectorRegistry, generate_latest, multiprocess
from prometheus_client.mmap_dict import MmapedDict


def main():
    command = sys.argv[1]
    if command == 'render':
        registry = CollectorRegistry()
        multiprocess.MultiProcessCollector(registry, path=sys.argv[2])
        sys.stdout.write(generate_latest(registry).decode('utf-8'))
    elif command == 'entries':
        for path in sys.argv[2:]:
            for item in MmapedDict.read_all_values_from_file(path):
                if len(item) == 4:
                    key, value, timestamp, _ = item
                else:
                    key, value, _ = item
                    timestamp = None
                print(json.dumps([key, value.hex(), None if timestamp is None else float(timestamp).hex()]))
    elif command == 'append':
        d = MmapedDict(sys.argv[2])
        value = float(sys.argv[4])
        try:
            d.write_value(sys.argv[3], value, 0.0)
        except TypeError:
            d.write_value(sys.argv[3], value)
        d.close()
    elif command == 'mark-dead':
        for pid in sys.argv[3:]:
            multiprocess.mark_process_dead(int(pid), sys.argv[2])
    else:
        sys.exit('unknown command ' + command)


if __name__ == '__main__':
    main()
