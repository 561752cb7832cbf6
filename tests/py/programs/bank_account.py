# A bank account class with transactions, errors and a report.
class InsufficientFunds(Exception):
    def __init__(self, needed, available):
        super().__init__(f"need {needed:.2f}, have {available:.2f}")
        self.needed = needed
        self.available = available

class Account:
    next_number = 1000
    interest_rate = 0.02

    def __init__(self, owner, balance=0.0):
        self.owner = owner
        self._balance = balance
        self.history = [("open", balance)]
        self.number = Account.next_number
        Account.next_number += 1

    @property
    def balance(self):
        return self._balance

    def deposit(self, amount):
        if amount <= 0:
            raise ValueError("deposit must be positive")
        self._balance += amount
        self.history.append(("deposit", amount))
        return self

    def withdraw(self, amount):
        if amount > self._balance:
            raise InsufficientFunds(amount, self._balance)
        self._balance -= amount
        self.history.append(("withdraw", amount))
        return self

    def transfer(self, other, amount):
        self.withdraw(amount)
        other.deposit(amount)
        self.history[-1] = ("transfer out", amount)
        other.history[-1] = ("transfer in", amount)

    def add_interest(self):
        interest = round(self._balance * self.interest_rate, 2)
        self._balance += interest
        self.history.append(("interest", interest))

    def __repr__(self):
        return f"Account(#{self.number}, {self.owner!r}, {self._balance:.2f})"

    def statement(self):
        lines = [f"Statement for {self.owner} (#{self.number})"]
        running = 0.0
        for kind, amt in self.history:
            sign = -1 if kind in ("withdraw", "transfer out") else 1
            running += sign * amt
            lines.append(f"  {kind:<13}{sign * amt:>10.2f}{running:>12.2f}")
        return "\n".join(lines)

class SavingsAccount(Account):
    interest_rate = 0.05
    def withdraw(self, amount):
        if len([h for h in self.history if h[0] == "withdraw"]) >= 2:
            raise PermissionError("savings: withdrawal limit reached")
        return super().withdraw(amount)

alice = Account("Alice", 100)
bob = SavingsAccount("Bob", 500)
alice.deposit(50).deposit(25.5)
alice.withdraw(30)
bob.transfer(alice, 120)
for attempt in [1000, 10, 10, 10]:
    try:
        bob.withdraw(attempt)
        print("bob withdrew", attempt)
    except InsufficientFunds as e:
        print("refused:", e, "| short by", e.needed - e.available)
    except PermissionError as e:
        print("refused:", e)
try:
    alice.deposit(-5)
except ValueError as e:
    print("error:", e)
for acct in (alice, bob):
    acct.add_interest()
print(alice, bob)
print(alice.statement())
print(bob.statement())
accounts = [alice, bob, Account("Carol", 75)]
total = sum(a.balance for a in accounts)
richest = max(accounts, key=lambda a: a.balance)
print(f"total={total:,.2f} richest={richest.owner} count={len(accounts)}")
print(sorted(accounts, key=lambda a: a.balance))
