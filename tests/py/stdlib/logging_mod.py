"""logging: basicConfig (implicit, forced, once), thread names, funcName and lineno, loggers' levels
and propagation, handlers, {-style formats, filters, exception(), custom levels, disable."""
import logging, threading, time, sys

logging.warning("no configuration: %s", "basicConfig is called")
logging.basicConfig(force=True, level=logging.DEBUG, stream=sys.stdout,
                    format='(%(threadName)-10s) %(levelname)s %(name)s %(funcName)s:%(lineno)d %(message)s')
logging.info("configured")
print(len(logging.root.handlers), logging.root.handlers[0].stream is sys.stdout)
logging.basicConfig(level=logging.ERROR)   # a second call does nothing

def worker(n):
    logging.debug('Starting %d', n)
    time.sleep(0.05 * (n + 1))
    logging.debug('Exiting')

ts = [threading.Thread(name=f'worker-{i}', target=worker, args=(i,)) for i in range(3)]
for t in ts:
    t.start()
for t in ts:
    t.join()

log = logging.getLogger('app.db')
log.setLevel(logging.INFO)
log.debug('hidden')
log.info('shown %s', {'a': 1})
log.info('mapping %(a)s', {'a': 2})
print(log, logging.getLogger('app'), log.parent is logging.getLogger('app'), log.getEffectiveLevel())
child = logging.getLogger('app').getChild('cache')
print(child.name, child.parent.name, logging.getLogger() is logging.root)

h = logging.StreamHandler(sys.stdout)
h.setFormatter(logging.Formatter('{levelname:>8} | {name} | {message}', style='{'))
h.setLevel(logging.WARNING)
other = logging.getLogger('other')
other.propagate = False
other.addHandler(h)
other.warning('braces %d', 3)
other.info('below the handler level')
f = logging.Filter('app')
print(f.filter(logging.LogRecord('app.x', 20, 'p', 1, 'm', (), None)), f.filter(logging.LogRecord('apple', 20, 'p', 1, 'm', (), None)))
try:
    raise KeyError('k')
except KeyError:
    logging.exception('caught')
logging.log(25, 'custom level')
logging.addLevelName(25, 'NOTICE')
logging.log(25, 'named level')
print(logging.getLevelName(10), logging.getLevelName('INFO'), logging.getLevelName(99))
logging.disable(logging.CRITICAL)
logging.error('disabled')
logging.disable(logging.NOTSET)
lonely = logging.getLogger('lonely')
lonely.propagate = False
lonely.warning('last resort to stderr')
r = logging.LogRecord('n', 10, '/a/b/c.py', 7, 'x=%s', (5,), None)
print(r.getMessage(), r.filename, r.module, r.levelname, r)
print(logging.Formatter('%(asctime)s').usesTime(), logging.Formatter().usesTime())
